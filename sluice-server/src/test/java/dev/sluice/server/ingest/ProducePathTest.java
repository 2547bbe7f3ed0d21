package dev.sluice.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Sluice;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Record;
import dev.sluice.server.log.TopicLog;
import dev.sluice.server.metrics.ServerMetrics;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The produce sequence with real plugins: the Blink content filter decides, OurChat's message
 * logger is the post-store hook.
 */
class ProducePathTest {

    private final PluginSettings generous =
            PluginSettings.builder().withMaxExecutionTime(Duration.ofSeconds(5)).build();
    private Sluice sluice;
    private LogCapture pluginLog;
    private final TopicLog log = new TopicLog(Long.MAX_VALUE);
    private final ServerMetrics metrics = new ServerMetrics();
    private ProducePath path;

    @BeforeEach
    void start() {
        pluginLog = LogCapture.of("sluice.plugin");
        sluice = Sluice.builder().build();
        sluice.load(Fixtures.example("blink/content-filter.wasm"), generous);
        sluice.enable("content-filter");
        sluice.load(Fixtures.example("ourchat/message-logger.wasm"), generous);
        sluice.enable("message-logger");
        path = new ProducePath(sluice, log, metrics);
    }

    @AfterEach
    void stop() {
        sluice.close();
        pluginLog.close();
    }

    @Test
    void storedRecordsAreNamedInOrderAndThePostStoreHookSeesThem() {
        log.append(Record.of("a", 0, null, "already there"));

        var outcome =
                path.produce(
                        List.of(
                                Record.of("a", 0, null, "one"),
                                Record.of("b", 2, "k", "two"),
                                Record.of("a", 0, null, "three")));

        assertThat(outcome).isInstanceOf(ProduceOutcome.Stored.class);
        var stored = ((ProduceOutcome.Stored) outcome).stored();
        assertThat(stored).hasSize(3);
        assertThat(stored.get(0).get(0).offset()).isEqualTo(1);
        assertThat(stored.get(1).get(0).record().topic()).isEqualTo("b");
        assertThat(stored.get(1).get(0).offset()).isZero();
        assertThat(stored.get(2).get(0).offset()).isEqualTo(2);
        assertThat(stored.get(2).get(0).record().valueText()).isEqualTo("three");
        assertThat(pluginLog.messages())
                .contains(
                        "🔌 Plugin: message stored (3 bytes): one",
                        "🔌 Plugin: message stored (5 bytes): three");
        assertThat(metrics.scrape()).contains("sluice_records_accepted_total 3.0");
    }

    @Test
    void oneRejectionStoresNothingAndRunsNoPostStoreHook() {
        var outcome =
                path.produce(List.of(Record.of("r", 0, null, "fine"), Record.of("r", 0, null, "")));

        assertThat(outcome).isInstanceOf(ProduceOutcome.Rejected.class);
        var rejected = (ProduceOutcome.Rejected) outcome;
        assertThat(rejected.first()).isEqualTo(1);
        assertThat(rejected.rejection().plugin()).isEqualTo("content-filter");
        assertThat(rejected.decisions().get(0).stores()).isTrue();
        assertThat(log.read("r", 0, 0, 10)).isEmpty();
        assertThat(pluginLog.messages()).noneMatch(m -> m.contains("message stored"));
        assertThat(metrics.scrape())
                .contains("sluice_records_rejected_total{plugin=\"content-filter\"} 1.0");
    }

    @Test
    void whatCannotFitInStorageIsRefusedWhole() {
        var small = new TopicLog(600);
        var tight = new ProducePath(sluice, small, metrics);

        var outcome =
                tight.produce(
                        List.of(
                                Record.of("s", 0, null, "x".repeat(200)),
                                Record.of("s", 1, null, "x".repeat(200))));

        assertThat(outcome).isInstanceOf(ProduceOutcome.StorageFull.class);
        assertThat(((ProduceOutcome.StorageFull) outcome).message())
                .contains("the request's 2 records need about");
        assertThat(small.size()).isZero();
        assertThat(pluginLog.messages()).noneMatch(m -> m.contains("message stored"));
    }

    @Test
    void aDryRunStoresNothing() {
        var trace = path.dryRun(List.of(Record.of("d", 0, null, "")));

        assertThat(trace.decisions().get(0).stores()).isFalse();
        assertThat(trace.steps()).isNotEmpty();
        assertThat(log.read("d", 0, 0, 1)).isEmpty();
    }
}
