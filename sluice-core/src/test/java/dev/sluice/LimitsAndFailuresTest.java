package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.sluice.plugin.BreakerState;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.OnError;
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

class LimitsAndFailuresTest {

    private static final PluginSettings TOLERANT =
            PluginSettings.builder().withMaxConsecutiveFailures(1000).build();

    /**
     * For tests of something other than time: a loaded machine (CI, parallel builds) can stretch a
     * call of a few microseconds past the default 100 ms, which must not fail them.
     */
    private static final PluginSettings PATIENT =
            PluginSettings.builder()
                    .withMaxConsecutiveFailures(1000)
                    .withMaxExecutionTime(Duration.ofSeconds(30))
                    .build();

    private final EngineHarness engine = new EngineHarness();
    private final Sluice sluice = engine.sluice();
    private final LogCapture pluginLog = engine.pluginLog();
    private final LogCapture engineLog = LogCapture.of("dev.sluice");

    @AfterEach
    void tearDown() {
        engine.close();
        engineLog.close();
    }

    private String load(String fixture, PluginSettings settings) {
        return engine.loadEnabled(Fixtures.testdata(fixture), settings);
    }

    private static Decision.Reject rejected(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Reject.class);
        return (Decision.Reject) decision;
    }

    @ParameterizedTest
    // GraalWasm is an optional module of its own: its deadline tests are in sluice-graalwasm.
    @EnumSource(value = ExecutionEngine.class, names = "GRAALWASM", mode = EnumSource.Mode.EXCLUDE)
    void aPluginThatLoopsForeverIsStoppedWithinItsTimeLimit(ExecutionEngine engine) {
        load(
                "blink-loop.wasm",
                TOLERANT.toBuilder()
                        .withEngine(engine)
                        .withMaxExecutionTime(Duration.ofMillis(50))
                        .build());

        var decision = sluice.process(Record.of("t", 0, null, "v"));

        var reject = rejected(decision);
        assertThat(reject.plugin()).isEqualTo("blink-loop");
        assertThat(reject.reason()).contains("time limit of 50 ms");
        assertThat(Thread.currentThread().isInterrupted())
                .as("the interrupt must not leak into the caller")
                .isFalse();
        assertThat(engineLog.messages(Level.WARN, "plugins"))
                .singleElement()
                .asString()
                .contains("blink-loop", "time limit of 50 ms", "instance discarded");
    }

    @Test
    void memoryGrowthPastTheCapIsRefusedNotFatal() {
        load("blink-grow.wasm", TOLERANT.toBuilder().withMaxMemoryBytes(2 * 1024 * 1024).build());

        // 1 initial page + 16 = 17 pages (1.06 MiB): under the 2 MiB cap.
        assertThat(sluice.process(Record.of("t", 16, null, "v")))
                .isInstanceOf(Decision.Accept.class);
        // A further 32 pages would pass 2 MiB: the guest sees memory.grow return -1.
        var reject = rejected(sluice.process(Record.of("t", 32, null, "v")));
        assertThat(reject.reason()).isEqualTo("memory growth refused");
        assertThat(sluice.plugin("blink-grow").orElseThrow().failures()).isZero();
    }

    @Test
    void theDefaultCapIs64MiB() {
        load("blink-grow.wasm", TOLERANT);

        assertThat(sluice.process(Record.of("t", 1022, null, "v")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(rejected(sluice.process(Record.of("t", 2, null, "v"))).reason())
                .isEqualTo("memory growth refused");
    }

    @Test
    void aPluginWhoseMemoryStartsAboveTheCapFailsToLoad() {
        assertThatThrownBy(
                        () ->
                                sluice.load(
                                        Fixtures.testdata("blink-big-memory.wasm"),
                                        PluginSettings.defaults()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("blink-big-memory")
                .hasMessageContaining("2048 pages (128 MiB)")
                .hasMessageContaining("raise max_memory");
    }

    @ParameterizedTest(name = "partition {0}: {1}")
    @CsvSource({
        "0, trapped",
        "1, out of bounds",
        "2, call stack exhausted",
        "3, not valid UTF-8",
        "4, outside the plugin's memory",
        "5, log level 9",
    })
    void aTrapFailsOnlyThatCallAndTheInstanceIsReplaced(int partition, String cause) {
        load("blink-trap.wasm", TOLERANT);

        var reject = rejected(sluice.process(Record.of("t", partition, null, "v")));

        assertThat(reject.plugin()).isEqualTo("blink-trap");
        assertThat(reject.reason()).startsWith("plugin failed: ").contains(cause);
        assertThat(sluice.process(Record.of("t", 7, null, "v")))
                .as("the next record is served by a fresh instance")
                .isInstanceOf(Decision.Accept.class);
        assertThat(engineLog.messages(Level.WARN, "plugins"))
                .singleElement()
                .asString()
                .contains("blink-trap", cause);
        var status = sluice.plugin("blink-trap").orElseThrow();
        assertThat(status.failures()).isEqualTo(1);
        assertThat(status.state()).isEqualTo(PluginState.ENABLED);
    }

    @Test
    void onErrorAllowLetsTheRecordThrough() {
        load("blink-trap.wasm", TOLERANT.toBuilder().withOnError(OnError.ALLOW).build());

        assertThat(sluice.process(Record.of("t", 0, null, "v")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(engineLog.messages(Level.WARN, "plugins"))
                .singleElement()
                .asString()
                .contains("record allowed (on_error: allow)");
    }

    @Test
    void aPluginThatKeepsFailingIsMovedToFailedAndKeepsRejecting() {
        load(
                "blink-trap.wasm",
                PluginSettings.builder()
                        .withMaxConsecutiveFailures(3)
                        .withFailureBackoff(Duration.ofHours(1), Duration.ofHours(2))
                        .build());

        for (int i = 0; i < 3; i++) {
            assertThat(sluice.process(Record.of("t", 0, null, "v")))
                    .isInstanceOf(Decision.Reject.class);
        }

        var status = sluice.plugin("blink-trap").orElseThrow();
        assertThat(status.state()).isEqualTo(PluginState.FAILED);
        assertThat(status.breaker()).isEqualTo(BreakerState.OPEN);
        assertThat(status.failures()).isEqualTo(3);
        assertThat(status.failureReason()).hasValueSatisfying(r -> r.contains("3 consecutive"));
        assertThat(engineLog.messages(Level.ERROR, "plugins"))
                .singleElement()
                .asString()
                .contains("blink-trap moved to Failed (3 consecutive failures")
                .contains("on_error: reject");
        // Fail closed, without a call: even a record it would accept is refused, naming it.
        long calls = status.calls();
        var decision = sluice.process(Record.of("t", 7, null, "v"));
        assertThat(decision).isInstanceOf(Decision.Unavailable.class);
        var unavailable = (Decision.Unavailable) decision;
        assertThat(unavailable.plugin()).isEqualTo("blink-trap");
        assertThat(unavailable.cause()).isEqualTo(Decision.Cause.FAILED);
        assertThat(unavailable.reason()).contains("blink-trap is Failed", "3 consecutive");
        assertThat(unavailable.retryAfter()).isGreaterThan(Duration.ofMinutes(59));
        assertThat(sluice.plugin("blink-trap").orElseThrow().calls()).isEqualTo(calls);
        assertThatThrownBy(() -> sluice.enable("blink-trap"))
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("retried after its backoff");
    }

    @Test
    void aFailedPluginWithOnErrorAllowIsSkipped() {
        load(
                "blink-trap.wasm",
                PluginSettings.builder()
                        .withMaxConsecutiveFailures(2)
                        .withOnError(OnError.ALLOW)
                        .withFailureBackoff(Duration.ofHours(1), Duration.ofHours(1))
                        .build());
        sluice.process(Record.of("t", 0, null, "v"));
        sluice.process(Record.of("t", 0, null, "v"));
        long calls = sluice.plugin("blink-trap").orElseThrow().calls();

        assertThat(sluice.process(Record.of("t", 0, null, "v")))
                .isInstanceOf(Decision.Accept.class);
        var status = sluice.plugin("blink-trap").orElseThrow();
        assertThat(status.state()).isEqualTo(PluginState.FAILED);
        assertThat(status.calls()).isEqualTo(calls);
    }

    @Test
    void afterTheBackoffOneTrialCallClosesTheBreakerOrReopensIt() {
        // A backoff of one nanosecond: the very next record is the trial.
        load(
                "blink-trap.wasm",
                PluginSettings.builder()
                        .withMaxConsecutiveFailures(2)
                        .withFailureBackoff(Duration.ofNanos(1), Duration.ofNanos(4))
                        .build());
        sluice.process(Record.of("t", 0, null, "v"));
        sluice.process(Record.of("t", 0, null, "v"));
        assertThat(sluice.plugin("blink-trap").orElseThrow().state()).isEqualTo(PluginState.FAILED);

        // The trial traps: Failed again, reason says so.
        assertThat(sluice.process(Record.of("t", 0, null, "v")))
                .isInstanceOf(Decision.Reject.class);
        var reopened = sluice.plugin("blink-trap").orElseThrow();
        assertThat(reopened.state()).isEqualTo(PluginState.FAILED);
        assertThat(reopened.failureReason()).hasValueSatisfying(r -> r.contains("trial call"));

        // The next trial succeeds: enabled again, and the record was served.
        assertThat(sluice.process(Record.of("t", 7, null, "v")))
                .isInstanceOf(Decision.Accept.class);
        var closed = sluice.plugin("blink-trap").orElseThrow();
        assertThat(closed.state()).isEqualTo(PluginState.ENABLED);
        assertThat(closed.breaker()).isEqualTo(BreakerState.CLOSED);
        assertThat(closed.failureReason()).isEmpty();
        assertThat(closed.failures()).isEqualTo(3);
    }

    @Test
    void successesResetTheConsecutiveFailureCount() {
        load("blink-trap.wasm", PluginSettings.builder().withMaxConsecutiveFailures(2).build());

        for (int i = 0; i < 5; i++) {
            sluice.process(Record.of("t", 0, null, "v"));
            sluice.process(Record.of("t", 7, null, "v"));
        }

        assertThat(sluice.plugin("blink-trap").orElseThrow().state())
                .isEqualTo(PluginState.ENABLED);
    }

    @Test
    void aLogFloodIsCappedPerCall() {
        load("blink-flood.wasm", PATIENT);

        assertThat(sluice.process(Record.of("t", 0, null, "v")))
                .isInstanceOf(Decision.Accept.class);

        var lines = pluginLog.messages();
        assertThat(lines.stream().filter(l -> l.equals("🔌 Plugin: flood"))).hasSize(100);
        assertThat(lines).anyMatch(l -> l.contains("9900 more lines from this call were dropped"));
    }

    @Test
    void concurrentCallersNeverShareAnInstance() throws Exception {
        load("blink-echo.wasm", PATIENT);
        pluginLog.close();
        int threads = 4;
        int perThread = 300;
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var tasks = new ArrayList<Callable<Integer>>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                tasks.add(
                        () -> {
                            int wrong = 0;
                            for (int i = 0; i < perThread; i++) {
                                // Partition 13 is rejected; the value differs per thread, so
                                // instances shared between threads would corrupt strings.
                                int partition = (i % 5 == 0) ? 13 : i;
                                var d =
                                        sluice.process(
                                                Record.of(
                                                        "t" + id,
                                                        partition,
                                                        "k" + i,
                                                        ("thread-" + id + "-").repeat(50)));
                                if (d instanceof Decision.Accept == (partition == 13)) {
                                    wrong++;
                                }
                            }
                            return wrong;
                        });
            }
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        var status = sluice.plugin("blink-echo").orElseThrow();
        assertThat(status.failures()).isZero();
        // Blink has no lifecycle hooks and init is not a record call: one call per record.
        assertThat(status.calls()).isEqualTo((long) threads * perThread);
    }
}
