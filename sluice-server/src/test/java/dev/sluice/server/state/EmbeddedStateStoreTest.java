package dev.sluice.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.state.StateException;
import dev.sluice.state.StateStore;
import dev.sluice.state.StateUsage;
import dev.sluice.testing.StateStoreContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store: the store contract, and what it keeps across a close and reopen. */
class EmbeddedStateStoreTest extends StateStoreContract {

    @TempDir Path dir;

    @Override
    protected StateStore open() {
        return EmbeddedStateStore.open(dir.resolve("state"));
    }

    @Test
    void whatWasWrittenIsThereAfterReopeningWithItsUsage() {
        store.set("a", "k", "value".getBytes(StandardCharsets.UTF_8), LIMITS);
        store.increment("a", "n", 41, LIMITS);
        store.set("b", "k", "other".getBytes(StandardCharsets.UTF_8), LIMITS);
        store.close();

        store = open();
        assertThat(store.get("a", "k")).map(String::new).hasValue("value");
        assertThat(store.increment("a", "n", 1, LIMITS)).isEqualTo(42);
        assertThat(store.usage("a")).isEqualTo(new StateUsage(2, 1 + 5 + 1 + 2));
        assertThat(store.get("b", "k")).map(String::new).hasValue("other");
        for (int i = 0; i < 3; i++) {
            store.set("a", "x" + i, new byte[1], LIMITS);
        }
        assertThatThrownBy(() -> store.set("a", "one-more", new byte[1], LIMITS))
                .as("the limits count what was there before the restart")
                .hasMessageContaining("max_keys");
    }

    @Test
    void aSecondServerOnTheSameDataDirIsToldWhy() {
        assertThatThrownBy(() -> EmbeddedStateStore.open(dir.resolve("state")))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("state.mv")
                .hasMessageContaining("another server using this data_dir");
    }
}
