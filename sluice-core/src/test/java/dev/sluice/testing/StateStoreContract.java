package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.state.StateException;
import dev.sluice.state.StateLimits;
import dev.sluice.state.StateStore;
import dev.sluice.state.StateUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} promises, run against each implementation (the in-memory default,
 * the server's embedded and Redis stores): values kept and isolated per namespace, exact increments
 * under contention, limits that refuse a write without changing anything.
 */
public abstract class StateStoreContract {

    protected static final StateLimits LIMITS = new StateLimits(16, 32, 5, 120);

    protected StateStore store;

    /** A fresh, empty store. */
    protected abstract StateStore open() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = open();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String text(String ns, String key) {
        return store.get(ns, key).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void keepsWhatWasSetUntilDeletedEachNamespaceApart() {
        store.set("a", "k", bytes("one"), LIMITS);
        store.set("b", "k", bytes("two"), LIMITS);

        assertThat(text("a", "k")).isEqualTo("one");
        assertThat(text("b", "k")).isEqualTo("two");
        assertThat(store.get("a", "missing")).isEmpty();
        assertThat(store.get("nobody", "k")).isEmpty();

        store.set("a", "k", bytes("three"), LIMITS);
        assertThat(text("a", "k")).isEqualTo("three");
        assertThat(store.delete("a", "k")).isTrue();
        assertThat(store.delete("a", "k")).isFalse();
        assertThat(store.get("a", "k")).isEmpty();
        assertThat(text("b", "k")).as("the other namespace").isEqualTo("two");
        assertThat(store.usage("a")).isEqualTo(new StateUsage(0, 0));
        assertThat(store.usage("b")).isEqualTo(new StateUsage(1, 4));
    }

    @Test
    void keepsBinaryValuesAsTheyAre() {
        byte[] value = {0, (byte) 0xff, 10, (byte) 0x80};
        store.set("a", "bin", value, LIMITS);
        assertThat(store.get("a", "bin")).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
    }

    @Test
    void incrementsCountFromZeroAndReadBackAsDecimalText() {
        assertThat(store.increment("a", "c", 5, LIMITS)).isEqualTo(5);
        assertThat(store.increment("a", "c", -7, LIMITS)).isEqualTo(-2);
        assertThat(text("a", "c")).isEqualTo("-2");
        store.set("a", "d", bytes("40"), LIMITS);
        assertThat(store.increment("a", "d", 2, LIMITS)).isEqualTo(42);
        assertThat(store.increment("b", "c", 1, LIMITS)).as("another namespace").isEqualTo(1);
    }

    @Test
    void incrementOfANonCounterOrPastTheRangeIsRefusedAndChangesNothing() {
        store.set("a", "text", bytes("hello"), LIMITS);
        assertThatThrownBy(() -> store.increment("a", "text", 1, LIMITS))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("not a counter")
                .hasMessageContaining("'text'")
                .satisfies(
                        e ->
                                assertThat(((StateException) e).reason())
                                        .isEqualTo(StateException.Reason.NOT_A_COUNTER));
        assertThat(text("a", "text")).isEqualTo("hello");

        store.increment("a", "big", Long.MAX_VALUE, LIMITS);
        assertThatThrownBy(() -> store.increment("a", "big", 1, LIMITS))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("overflow");
        assertThat(text("a", "big")).isEqualTo(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void incrementIsExactUnderContention() throws Exception {
        int threads = 8;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                futures.add(
                        pool.submit(
                                () -> {
                                    for (int i = 0; i < each; i++) {
                                        store.increment("a", "n", 1, LIMITS);
                                    }
                                }));
            }
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(text("a", "n")).isEqualTo(Integer.toString(threads * each));
    }

    @Test
    void floodingKeysStopsAtMaxKeysNamingItAndKeepsWhatFit() {
        int stored = 0;
        StateException refused = null;
        for (int i = 0; i < 50 && refused == null; i++) {
            try {
                store.set("a", "k" + i, bytes("v"), LIMITS);
                stored++;
            } catch (StateException e) {
                refused = e;
            }
        }
        assertThat(stored).isEqualTo(5);
        assertThat(refused)
                .isNotNull()
                .hasMessageContaining("max_keys (5)")
                .hasMessageContaining("plugin a")
                .hasMessageContaining("state.max_keys");
        assertThat(refused.reason()).isEqualTo(StateException.Reason.LIMIT);
        assertThatThrownBy(() -> store.increment("a", "new", 1, LIMITS))
                .hasMessageContaining("max_keys");
        assertThat(store.usage("a")).isEqualTo(new StateUsage(5, 5 * 3));
        for (int i = 0; i < 5; i++) {
            assertThat(text("a", "k" + i)).isEqualTo("v");
        }
        store.set("a", "k0", bytes("replaced"), LIMITS);
        assertThat(text("a", "k0")).as("an existing key may still change").isEqualTo("replaced");
        store.delete("a", "k1");
        store.set("a", "after", bytes("v"), LIMITS);
        assertThat(store.usage("a").keys()).isEqualTo(5);
    }

    @Test
    void sizeLimitsNameTheLimitAndWriteNothing() {
        assertThatThrownBy(() -> store.set("a", "k".repeat(17), bytes("v"), LIMITS))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("max_key_bytes (16)");
        assertThatThrownBy(() -> store.set("a", "k", new byte[33], LIMITS))
                .hasMessageContaining("max_value_bytes (32)");
        assertThatThrownBy(() -> store.set("a", "", bytes("v"), LIMITS))
                .hasMessageContaining("must not be empty");
        store.set("a", "a", new byte[32], LIMITS);
        store.set("a", "b", new byte[32], LIMITS);
        store.set("a", "c", new byte[32], LIMITS);
        assertThatThrownBy(() -> store.set("a", "d", new byte[32], LIMITS))
                .hasMessageContaining("max_total_bytes (120)");
        assertThat(store.get("a", "d")).isEmpty();
        assertThat(store.usage("a")).isEqualTo(new StateUsage(3, 99));
    }
}
