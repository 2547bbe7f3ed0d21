package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.plugin.CallLatency;
import dev.sluice.plugin.PluginActivity;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Bytes;
import dev.sluice.record.Record;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Sluice.Builder#withActivityListener} hears what plugins log and how their calls fail;
 * {@link Sluice#latency} counts every call in its buckets.
 */
class PluginActivityTest {

    private final List<PluginActivity> heard = new CopyOnWriteArrayList<>();
    private final EngineHarness engine =
            new EngineHarness(Sluice.builder().withActivityListener(heard::add));
    private final Sluice sluice = engine.sluice();

    @AfterEach
    void close() {
        engine.close();
    }

    private static Record record(int partition, String value) {
        return Record.builder("t").partition(partition).key(Bytes.utf8("k")).value(value).build();
    }

    @Test
    void linesAPluginLogsReachTheListenerWithItsName() {
        String echo =
                engine.loadEnabled(Fixtures.testdata("blink-echo.wasm"), PluginSettings.defaults());
        sluice.process(record(13, "the value"));
        assertThat(heard)
                .filteredOn(a -> a instanceof PluginActivity.Logged)
                .map(a -> (PluginActivity.Logged) a)
                .anySatisfy(
                        l -> {
                            assertThat(l.plugin()).isEqualTo(echo);
                            assertThat(l.level()).isEqualTo("INFO");
                            assertThat(l.message()).isEqualTo("the value");
                        })
                .anySatisfy(l -> assertThat(l.level()).isEqualTo("WARN"));
    }

    @Test
    void aFailingCallAndTheBreakerOpeningAreReportedWithTheirKind() {
        String trap =
                engine.loadEnabled(
                        Fixtures.testdata("blink-trap.wasm"),
                        PluginSettings.builder().withMaxConsecutiveFailures(2).build());
        sluice.process(record(0, "x"));
        sluice.process(record(0, "x"));
        var failures =
                heard.stream()
                        .filter(a -> a instanceof PluginActivity.Failed)
                        .map(a -> (PluginActivity.Failed) a)
                        .toList();
        assertThat(failures).allSatisfy(f -> assertThat(f.plugin()).isEqualTo(trap));
        assertThat(failures)
                .map(PluginActivity.Failed::kind)
                .containsExactly(
                        PluginActivity.FailureKind.CALL,
                        PluginActivity.FailureKind.CALL,
                        PluginActivity.FailureKind.BREAKER);
        assertThat(failures.get(0).message()).contains("unreachable");
    }

    @Test
    void everyCallIsCountedInTheLatency() {
        String echo =
                engine.loadEnabled(Fixtures.testdata("blink-echo.wasm"), PluginSettings.defaults());
        var before = sluice.latency(echo).orElseThrow();
        for (int i = 0; i < 5; i++) {
            sluice.process(record(0, "v"));
        }
        var after = sluice.latency(echo).orElseThrow();
        assertThat(after.since(before).count()).isEqualTo(5);
        assertThat(after.since(before).percentileMillis(0.99)).isPositive();
        assertThat(sluice.latency("nobody")).isEmpty();
    }

    @Test
    void aPercentileIsTheUpperBoundOfItsBucket() {
        long[] counts = new long[CallLatency.BUCKETS];
        counts[CallLatency.bucket(1_000_000)] = 99; // 1 ms
        counts[CallLatency.bucket(50_000_000)] = 1; // 50 ms
        var latency = new CallLatency(counts);
        assertThat(latency.percentileMillis(0.5)).isBetween(1.0, 1.19);
        assertThat(latency.percentileMillis(0.99)).isBetween(1.0, 1.19);
        assertThat(latency.percentileMillis(1.0)).isBetween(50.0, 59.5);
        assertThat(CallLatency.empty().percentileMillis(0.99)).isZero();
    }
}
