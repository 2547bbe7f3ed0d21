package dev.sluice.server.state;

import dev.sluice.server.config.StateSettings;
import dev.sluice.state.InMemoryStateStore;
import dev.sluice.state.StateStore;

/** Opens the store {@code state.type} names. */
public final class StateStores {

    private StateStores() {}

    /**
     * @throws dev.sluice.state.StateException when the store cannot be opened, naming its file or
     *     URL
     */
    public static StateStore open(StateSettings settings) {
        return switch (settings.type()) {
            case EMBEDDED -> EmbeddedStateStore.open(settings.directory().orElseThrow());
            case REDIS -> RedisStateStore.connect(settings.redisUrl().orElseThrow());
            case MEMORY -> new InMemoryStateStore();
        };
    }

    /** For the startup log: where state is kept. */
    public static String describe(StateSettings settings) {
        return switch (settings.type()) {
            case EMBEDDED ->
                    "embedded store in " + settings.directory().orElseThrow() + " (durable)";
            case REDIS -> "Redis at " + RedisStateStore.shown(settings.redisUrl().orElseThrow());
            case MEMORY -> "memory (lost on restart)";
        };
    }
}
