package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.plugin.BreakerState;
import dev.sluice.plugin.OnError;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginState;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits and failures that must never switch a plugin off or bring the host down. */
class ResilienceTest {

    private final EngineHarness engine = new EngineHarness();
    private final Sluice sluice = engine.sluice();

    @TempDir Path dir;

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void aRecordAboveMaxRecordBytesIsRejectedBeforeTheCall() {
        engine.loadEnabled(
                Fixtures.testdata("blink-echo.wasm"),
                PluginSettings.builder().withMaxRecordBytes(16).build());

        // topic 1 + key 1 + value 15 = 17 bytes
        var decision = sluice.process(Record.of("t", 0, "k", "x".repeat(15)));

        assertThat(decision).isInstanceOf(Decision.Reject.class);
        var reject = (Decision.Reject) decision;
        assertThat(reject.plugin()).isEqualTo("blink-echo");
        assertThat(reject.reason())
                .contains("record is 17 bytes", "plugin.max_record_bytes", "not passed");
        var status = sluice.plugin("blink-echo").orElseThrow();
        assertThat(status.calls()).isZero();
        assertThat(status.failures()).isZero();
        assertThat(sluice.process(Record.of("t", 0, "k", "x".repeat(14))))
                .isInstanceOf(Decision.Accept.class);
    }

    @Test
    void initHasItsOwnLimitNamedAfterTheContractsHook() {
        assertThatThrownBy(
                        () ->
                                sluice.load(
                                        Fixtures.testdata("blink-init-loop.wasm"),
                                        PluginSettings.builder()
                                                .withMaxInitTime(Duration.ofMillis(50))
                                                .build()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessage(
                        "plugin blink-init-loop: loading failed: its init exceeded its time limit"
                                + " of 50 ms and was stopped");
    }

    @Test
    void aComponentWithA20msLimitLoadsAndEnforcesIt() {
        engine.loadEnabled(
                Fixtures.testdata("components/blink-misbehaving.wasm"),
                PluginSettings.builder()
                        .withMaxExecutionTime(Duration.ofMillis(20))
                        .withMaxConsecutiveFailures(100)
                        .build());

        assertThat(sluice.process(Record.of("t", 7, null, "v")))
                .isInstanceOf(Decision.Accept.class);
        var looping = sluice.process(Record.of("t", 1, null, "v"));
        assertThat(looping).isInstanceOf(Decision.Reject.class);
        assertThat(((Decision.Reject) looping).reason()).contains("time limit of 20 ms");
    }

    @Test
    void aPluginThatCannotBeLoadedHoldsItsPlaceAsFailedAndRecoversOnceFixed() throws Exception {
        Path file = dir.resolve("filter.wasm");
        Files.writeString(file, "not wasm");
        var settings =
                PluginSettings.builder()
                        .withFailureBackoff(Duration.ofMillis(20), Duration.ofMillis(40))
                        .build();

        var status = sluice.install(file, settings);

        assertThat(status.state()).isEqualTo(PluginState.FAILED);
        assertThat(status.breaker()).isNotEqualTo(BreakerState.CLOSED);
        assertThat(status.descriptor()).isEmpty();
        assertThat(status.failureReason())
                .hasValueSatisfying(r -> assertThat(r).contains("could not be loaded", "\\0asm"));
        var decision = sluice.process(Record.of("t", 0, null, "v"));
        assertThat(decision).isInstanceOf(Decision.Unavailable.class);
        var unavailable = (Decision.Unavailable) decision;
        assertThat(unavailable.plugin()).isEqualTo("filter");
        assertThat(unavailable.cause()).isEqualTo(Decision.Cause.FAILED);
        assertThat(unavailable.reason()).contains("could not be loaded");

        Files.copy(Fixtures.testdata("blink-echo.wasm"), file, StandardCopyOption.REPLACE_EXISTING);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sluice.plugin("filter").orElseThrow().state() != PluginState.ENABLED
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(sluice.plugin("filter").orElseThrow().state()).isEqualTo(PluginState.ENABLED);
        assertThat(sluice.process(Record.of("t", 0, null, "v")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(sluice.process(Record.of("t", 13, null, "v")))
                .isInstanceOf(Decision.Reject.class);
    }

    @Test
    void aPluginThatCannotBeLoadedWithOnErrorAllowIsSkipped() throws Exception {
        Path file = dir.resolve("optional.wasm");
        Files.writeString(file, "not wasm");

        sluice.install(
                file,
                PluginSettings.builder()
                        .withOnError(OnError.ALLOW)
                        .withFailureBackoff(Duration.ofHours(1), Duration.ofHours(1))
                        .build());

        assertThat(sluice.plugin("optional").orElseThrow().state()).isEqualTo(PluginState.FAILED);
        assertThat(sluice.process(Record.of("t", 0, null, "v")))
                .isInstanceOf(Decision.Accept.class);
    }

    @Test
    void transitionsRacingInFlightCallsLoseNoHookAndReuseNoStaleInstance() throws Exception {
        var hooks = engine.pluginLog();
        engine.loadEnabled(
                Fixtures.testdata("ourchat-hooks.wasm"),
                PluginSettings.builder()
                        .withMaxInstances(4)
                        .withMaxExecutionTime(Duration.ofSeconds(5))
                        .build());
        var stop = new AtomicBoolean();
        var executor = Executors.newFixedThreadPool(4);
        var callers = new ArrayList<Future<Integer>>();
        var unexpected = new java.util.concurrent.CopyOnWriteArrayList<Decision>();
        for (int t = 0; t < 4; t++) {
            callers.add(
                    executor.submit(
                            () -> {
                                int wrong = 0;
                                while (!stop.get()) {
                                    var d = sluice.process(Record.of("t", 0, null, "slow one"));
                                    if (!(d instanceof Decision.Accept)) {
                                        unexpected.add(d);
                                        wrong++;
                                    }
                                }
                                return wrong;
                            }));
        }
        try {
            for (int i = 0; i < 20; i++) {
                sluice.disable("ourchat-hooks");
                sluice.enable("ourchat-hooks");
            }
            sluice.unload("ourchat-hooks");
            stop.set(true);
            for (var f : callers) {
                f.get();
            }
            assertThat(unexpected).isEmpty();
        } finally {
            stop.set(true);
            executor.shutdownNow();
        }

        // Calls in flight during unload end after it returns: their hooks follow then.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count(hooks.messages(), "unload") < count(hooks.messages(), "load")
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        var lines = hooks.messages();
        long loads = count(lines, "load");
        assertThat(loads).isBetween(1L, 4L);
        assertThat(count(lines, "unload")).isEqualTo(loads);
        assertThat(count(lines, "disable")).isEqualTo(count(lines, "enable"));
    }

    private static long count(java.util.List<String> lines, String hook) {
        return lines.stream().filter(l -> l.endsWith(": " + hook)).count();
    }
}
