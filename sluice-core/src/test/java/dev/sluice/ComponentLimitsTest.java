package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginState;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Limits, deadlines, pooling and the failure policy hold for a component as for a core module:
 * {@code plugins/testdata/components/blink-misbehaving.wat} traps, loops, grows its memory or logs
 * garbage depending on the record's partition.
 */
class ComponentLimitsTest {

    private static final String NAME = "blink-misbehaving";
    private static final PluginSettings TOLERANT =
            PluginSettings.builder().withMaxConsecutiveFailures(1000).build();

    private final EngineHarness engine = new EngineHarness();
    private final Sluice sluice = engine.sluice();
    private final LogCapture engineLog = LogCapture.of("dev.sluice");

    @AfterEach
    void tearDown() {
        engine.close();
        engineLog.close();
    }

    private void load(PluginSettings settings) {
        engine.loadEnabled(Fixtures.testdata("components/" + NAME + ".wasm"), settings);
    }

    private Decision.Reject rejected(int partition) {
        var decision = sluice.process(Record.of("t", partition, null, "v"));
        assertThat(decision).isInstanceOf(Decision.Reject.class);
        return (Decision.Reject) decision;
    }

    private boolean accepted(int partition) {
        return sluice.process(Record.of("t", partition, null, "v")) instanceof Decision.Accept;
    }

    @ParameterizedTest
    // GraalWasm is an optional module of its own: its deadline tests are in sluice-graalwasm.
    @EnumSource(value = ExecutionEngine.class, names = "GRAALWASM", mode = EnumSource.Mode.EXCLUDE)
    void aLoopingComponentIsStoppedWithinItsTimeLimitAndReplaced(ExecutionEngine executionEngine) {
        load(
                TOLERANT.toBuilder()
                        .withEngine(executionEngine)
                        .withMaxExecutionTime(Duration.ofMillis(50))
                        .build());

        long start = System.nanoTime();
        var reject = rejected(1);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(reject.plugin()).isEqualTo(NAME);
        assertThat(reject.reason()).contains("time limit of 50 ms");
        assertThat(elapsedMs).isBetween(45L, 2_000L);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(accepted(7)).as("a fresh instance serves the next record").isTrue();
    }

    @ParameterizedTest(name = "partition {0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0 | trapped: Trapped on unreachable instruction",
                "2 | broke the canonical ABI: calling blink:plugin/host@0.1.0#log: a string at"
                        + " 0xfffffff0 with length 100 lies outside memory",
                "3 | broke the canonical ABI: calling blink:plugin/host@0.1.0#log: discriminant 9"
                        + " is out of range for enum {trace, debug, info, warn, error}",
            })
    void aTrapOrGarbageFailsOnlyThatCall(int partition, String cause) {
        load(TOLERANT);

        var reject = rejected(partition);

        assertThat(reject.reason()).startsWith("plugin failed: " + cause);
        assertThat(accepted(7)).isTrue();
        assertThat(engineLog.messages(Level.WARN, "plugins"))
                .singleElement()
                .asString()
                .contains(NAME);
        var status = sluice.plugin(NAME).orElseThrow();
        assertThat(status.failures()).isEqualTo(1);
        assertThat(status.state()).isEqualTo(PluginState.ENABLED);
    }

    @Test
    void memoryGrowthPastTheCapIsRefusedNotFatal() {
        load(TOLERANT.toBuilder().withMaxMemoryBytes(2 * 1024 * 1024).build());

        // 2 pages + 16 = 18 pages (1.1 MiB): under the 2 MiB cap; 32 more would pass it.
        assertThat(accepted(116)).isTrue();
        assertThat(rejected(132).reason()).isEqualTo("memory growth refused");
        assertThat(sluice.plugin(NAME).orElseThrow().failures()).isZero();
    }

    @Test
    void aModuleWhoseMemoryStartsAboveTheCapFailsToLoadSayingWhich() {
        assertThatThrownBy(
                        () ->
                                sluice.load(
                                        Fixtures.testdata("components/" + NAME + ".wasm"),
                                        PluginSettings.builder()
                                                .withMaxMemoryBytes(64 * 1024)
                                                .build()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessage(
                        "plugin blink-misbehaving: core module 0 of the component: its memory"
                                + " starts at 2 pages (128 KiB), above its max_memory cap of 1"
                                + " pages (64 KiB); raise max_memory for it");
    }

    @Test
    void aComponentThatKeepsFailingIsMovedToFailed() {
        load(PluginSettings.builder().withMaxConsecutiveFailures(3).build());

        for (int i = 0; i < 3; i++) {
            rejected(0);
        }

        assertThat(sluice.plugin(NAME).orElseThrow().state()).isEqualTo(PluginState.FAILED);
        assertThat(sluice.process(Record.of("t", 5, null, "v")))
                .as("a failed plugin with on_error: reject refuses records without a call")
                .isInstanceOf(Decision.Unavailable.class);
    }

    @Test
    void concurrentCallersEachGetTheirOwnInstance() throws Exception {
        load(TOLERANT);
        var pool = Executors.newFixedThreadPool(4);
        try {
            var futures = new ArrayList<Future<Integer>>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                Callable<Integer> work =
                        () -> {
                            int ok = 0;
                            for (int i = 0; i < 200; i++) {
                                // Alternate accepted records and traps: a shared or reused
                                // broken instance would show up as a wrong decision.
                                boolean trap = (i + thread) % 10 == 0;
                                if (accepted(trap ? 0 : 7) != trap) {
                                    ok++;
                                }
                            }
                            return ok;
                        };
                futures.add(pool.submit(work));
            }
            for (var f : futures) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sluice.plugin(NAME).orElseThrow().failures()).isEqualTo(80);
    }
}
