package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.ServiceMetric;
import dev.sluice.record.Bytes;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.state.InMemoryStateStore;
import dev.sluice.state.StateLimits;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code state} interface from inside a plugin (the rate limiter example): nothing without the
 * grant, a grant changed at run time seen by the next call, counts exact across threads and
 * instances, kept across unload and load, apart per plugin, limits answered as errors.
 */
class StateServiceTest {

    private static final Path RATE_LIMIT = Fixtures.example("sluice/rate-limit-rust.wasm");
    private static final Permissions STATE = Permissions.none().withState(true);

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final EngineHarness engine = new EngineHarness(Sluice.builder().withStateStore(store));

    @TempDir Path dir;

    @AfterEach
    void close() {
        engine.close();
    }

    private static PluginSettings limiter(int limit, Permissions permissions) {
        return PluginSettings.builder()
                .withConfig(Map.of("limit", Integer.toString(limit), "window_seconds", "60"))
                .withPermissions(permissions)
                .build();
    }

    private static Record record(String key, long timestamp) {
        return Record.builder("t").key(Bytes.utf8(key)).value("v").timestamp(timestamp).build();
    }

    private Decision one(String key) {
        return engine.sluice().process(record(key, 120_000));
    }

    private static String reason(Decision d) {
        return d instanceof Decision.Reject r ? r.reason() : "not rejected: " + d;
    }

    @Test
    void aHotReloadKeepsTheCountsAndTakesTheNewSettings() {
        String name =
                engine.loadEnabled(RATE_LIMIT, limiter(3, Permissions.none().withState(true)));
        for (int i = 0; i < 3; i++) {
            assertThat(one("alice")).isEqualTo(Decision.accept());
        }

        var replaced =
                engine.sluice()
                        .replace(name, RATE_LIMIT, limiter(4, Permissions.none().withState(true)));

        assertThat(replaced.changed()).isTrue();
        assertThat(one("alice")).as("record 4, under the new limit").isEqualTo(Decision.accept());
        assertThat(reason(one("alice"))).startsWith("rate limit: record 5 ");
    }

    @Test
    void inspectNamesTheServicesAPluginImports() {
        assertThat(Sluice.inspect(RATE_LIMIT).services()).containsExactly("state");
        assertThat(Sluice.inspect(Fixtures.example("sluice/content-filter-rust.wasm")).services())
                .isEmpty();
    }

    @Test
    void theLimiterAcceptsNRecordsPerKeyAndWindowThenRejects() {
        engine.loadEnabled(RATE_LIMIT, limiter(3, STATE));

        for (int i = 0; i < 3; i++) {
            assertThat(one("alice")).isInstanceOf(Decision.Accept.class);
        }
        assertThat(reason(one("alice")))
                .startsWith("rate limit: record 4 of key alice")
                .contains("at most 3 per window");
        assertThat(one("bob")).as("another key").isInstanceOf(Decision.Accept.class);
        assertThat(engine.sluice().process(record("alice", 180_000)))
                .as("the next window")
                .isInstanceOf(Decision.Accept.class);
        assertThat(store.get("rate-limit-rust", "rl:2:616c696365"))
                .as("the previous window's counter was removed")
                .isEmpty();

        var metrics = engine.sluice().serviceMetrics();
        assertThat(count(metrics, "calls", Map.of("op", "increment"))).isEqualTo(6);
        assertThat(metrics)
                .anySatisfy(
                        m -> {
                            assertThat(m).isInstanceOf(ServiceMetric.Level.class);
                            assertThat(m.name()).isEqualTo("keys");
                            assertThat(((ServiceMetric.Level) m).value()).isEqualTo(2);
                        });
    }

    private static long count(List<ServiceMetric> metrics, String name, Map<String, String> l) {
        return metrics.stream()
                .filter(m -> m instanceof ServiceMetric.Count)
                .map(m -> (ServiceMetric.Count) m)
                .filter(m -> m.service().equals("state") && m.name().equals(name))
                .filter(m -> m.labels().equals(l))
                .mapToLong(ServiceMetric.Count::total)
                .sum();
    }

    @Test
    void withoutTheGrantEveryCallIsRefusedNamingThePermissionUntilItIsGranted() {
        String name = engine.loadEnabled(RATE_LIMIT, limiter(1, Permissions.none()));

        assertThat(reason(one("alice")))
                .isEqualTo(
                        "rate limit: cannot count records: permission 'state' is not granted to"
                                + " plugin rate-limit-rust (settings:"
                                + " plugins.rate-limit-rust.permissions)");
        assertThat(store.usage(name).keys()).isZero();

        assertThat(engine.sluice().grant(name, STATE)).isEqualTo(Permissions.none());
        assertThat(one("alice"))
                .as("the next call sees the grant")
                .isInstanceOf(Decision.Accept.class);

        engine.sluice().grant(name, Permissions.none());
        assertThat(reason(one("alice"))).contains("permission 'state' is not granted");
        assertThat(count(engine.sluice().serviceMetrics(), "denied", Map.of())).isEqualTo(2);
    }

    @Test
    void countsAreExactAcrossThreadsAndInstances() throws Exception {
        var settings = limiter(1_000_000, STATE).toBuilder().withMaxInstances(4).build();
        String name = engine.loadEnabled(RATE_LIMIT, settings);
        int threads = 4;
        int each = 200;
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<Future<Long>>();
            for (int t = 0; t < threads; t++) {
                Callable<Long> work =
                        () -> {
                            long accepted = 0;
                            for (int i = 0; i < each; i++) {
                                if (one("k") instanceof Decision.Accept) {
                                    accepted++;
                                }
                            }
                            return accepted;
                        };
                futures.add(pool.submit(work));
            }
            long accepted = 0;
            for (var f : futures) {
                accepted += f.get();
            }
            assertThat(accepted).isEqualTo(threads * each);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.get(name, "rl:2:6b"))
                .map(b -> new String(b, StandardCharsets.US_ASCII))
                .hasValue(Integer.toString(threads * each));
    }

    @Test
    void stateSurvivesUnloadAndLoadAndIsApartPerPlugin() throws Exception {
        String name = engine.loadEnabled(RATE_LIMIT, limiter(2, STATE));
        one("alice");
        one("alice");
        engine.sluice().unload(name);
        engine.loadEnabled(RATE_LIMIT, limiter(2, STATE));
        assertThat(reason(one("alice")))
                .as("the count was kept")
                .startsWith("rate limit: record 3");

        engine.sluice().unload(name);
        Path other = Files.copy(RATE_LIMIT, dir.resolve("other-limit.wasm"));
        engine.loadEnabled(other, limiter(2, STATE));
        assertThat(one("alice"))
                .as("another plugin's own count")
                .isInstanceOf(Decision.Accept.class);
    }

    @Test
    void aStateLimitIsTheCallsErrorAndTheStoreKeepsWhatFit() {
        var settings =
                limiter(10, STATE).toBuilder()
                        .withStateLimits(new StateLimits(256, 1024, 3, 1 << 20))
                        .build();
        String name = engine.loadEnabled(RATE_LIMIT, settings);
        for (String key : List.of("a", "b", "c")) {
            assertThat(one(key)).isInstanceOf(Decision.Accept.class);
        }
        assertThat(reason(one("d")))
                .startsWith(
                        "rate limit: cannot count records: state limit max_keys (3) of plugin "
                                + name)
                .contains("state.max_keys");
        assertThat(store.usage(name).keys()).isEqualTo(3);
        assertThat(one("a"))
                .as("existing counters still count")
                .isInstanceOf(Decision.Accept.class);
    }
}
