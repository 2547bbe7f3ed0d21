package dev.sluice.state;

import dev.sluice.testing.StateStoreContract;

class InMemoryStateStoreTest extends StateStoreContract {

    @Override
    protected StateStore open() {
        return new InMemoryStateStore();
    }
}
