package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.sluice.plugin.PluginEvent;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Limits that hold inside host functions: WASI preview 1 ({@code blink-wasi-flood.wat}), WASI 0.2
 * ({@code components/blink-stdout-flood.wat}) and the OurChat host functions ({@code
 * ourchat-limits.wat}) bound what one call may make the host do or keep, and a call past a limit
 * fails like a timeout.
 */
class HostFunctionLimitsTest {

    /**
     * A time limit far above what the calls need, so that a call that fails fails on the limit
     * under test (and so before its deadline), however loaded the machine.
     */
    private static final PluginSettings SETTINGS =
            PluginSettings.builder()
                    .withMaxConsecutiveFailures(1000)
                    .withMaxExecutionTime(Duration.ofSeconds(20))
                    .build();

    private final EngineHarness engine = new EngineHarness();
    private final Sluice sluice = engine.sluice();
    private final LogCapture pluginLog = engine.pluginLog();
    private final LogCapture eventLog = LogCapture.of("sluice.events");

    @AfterEach
    void tearDown() {
        engine.close();
        eventLog.close();
    }

    private String load(String fixture) {
        return load(fixture, SETTINGS);
    }

    private String load(String fixture, PluginSettings settings) {
        return engine.loadEnabled(Fixtures.testdata(fixture), settings);
    }

    private static String reason(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Reject.class);
        return ((Decision.Reject) decision).reason();
    }

    private Decision flood(int partition) {
        return sluice.process(Record.of("t", partition, null, "v"));
    }

    @Test
    void aHugeFdWriteFailsTheCallAtTheOutputLimitAndCountsAFailure() {
        String name = load("blink-wasi-flood.wasm");

        // 16 iovecs of 16 MiB: Chicory's fd_write copied all 256 MiB, seconds past a 100 ms
        // limit; now the call stops after 1 MiB, long before its deadline.
        assertThat(reason(flood(0)))
                .contains("exceeded a per-call limit", "fd_write", "1048576 bytes");

        assertThat(sluice.plugin(name).orElseThrow().failures()).isEqualTo(1);
        assertThat(flood(5))
                .as("the next call gets a fresh budget")
                .isInstanceOf(Decision.Accept.class);
        assertThat(pluginLog.messages(Level.INFO, name)).contains("🔌 Plugin: fine");
    }

    @Test
    void aPollThatWouldWaitAnHourIsStoppedAtTheDeadline() {
        String name =
                load(
                        "blink-wasi-flood.wasm",
                        SETTINGS.toBuilder().withMaxExecutionTime(Duration.ofMillis(100)).build());

        assertThat(reason(flood(1))).contains("time limit of 100 ms");
        assertThat(sluice.plugin(name).orElseThrow().failures()).isEqualTo(1);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aPollWithTooManySubscriptionsFails() {
        load("blink-wasi-flood.wasm");

        assertThat(reason(flood(2)))
                .contains("exceeded a per-call limit", "2000 subscriptions", "at most 1024");
    }

    @Test
    void readingStdinCopiesNothingWhateverBufferTheGuestClaims() {
        load("blink-wasi-flood.wasm");

        // Chicory's fd_read allocated the 2 GiB the iovec claims before finding stdin empty.
        assertThat(flood(3)).isInstanceOf(Decision.Accept.class);
    }

    @Test
    void pathFunctionsFailWithoutReadingThePath() {
        load("blink-wasi-flood.wasm");

        // The path claims 2 GiB past the end of memory; there is no directory to resolve it in.
        assertThat(flood(4)).isInstanceOf(Decision.Accept.class);
    }

    @Test
    void aComponentWritingToStdoutWithoutEndFailsAtTheOutputLimit() {
        String name = load("components/blink-stdout-flood.wasm");

        // It writes 64 KiB blocks forever: only the budget (or, without it, the deadline) ends it.
        assertThat(reason(flood(0)))
                .contains("exceeded a per-call limit", "wasi:io/streams write", "1048576 bytes");
        assertThat(sluice.plugin(name).orElseThrow().failures()).isEqualTo(1);

        assertThat(flood(5)).isInstanceOf(Decision.Accept.class);
        assertThat(pluginLog.messages(Level.INFO, name)).contains("🔌 Plugin: fine");
    }

    private static PluginEvent loaded(String plugin) {
        return new PluginEvent(plugin, 1, "loaded");
    }

    private Decision send(String message) {
        return sluice.process(Record.of("t", 0, null, message));
    }

    @Test
    void setConfigStoresAtMost1024Keys() {
        String name = load("ourchat-limits.wasm");

        assertThat(reason(send("k"))).contains("set_config", "already stored 1024 keys");
        assertThat(sluice.storedConfig(name)).hasSize(1024);
    }

    @Test
    void setConfigValuesAreAtMost64KiB() {
        String name = load("ourchat-limits.wasm");

        assertThat(reason(send("v")))
                .contains("set_config: value for big is 65537 bytes, more than the 65536 allowed");
        assertThat(sluice.storedConfig(name)).doesNotContainKey("big");

        assertThat(send("V")).isInstanceOf(Decision.Accept.class);
        assertThat(sluice.storedConfig(name).get("big")).hasSize(65536);
    }

    @Test
    void eventsAreLimitedPerCallAndTheirPayloadsCut() {
        String name = load("ourchat-limits.wasm");
        assertThat(engine.events()).containsExactly(loaded(name));
        engine.events().clear();

        assertThat(send("e")).isInstanceOf(Decision.Accept.class);

        String cut = "x".repeat(4096) + "… [cut: 65536 bytes]";
        assertThat(engine.events()).hasSize(16).containsOnly(new PluginEvent(name, 7, cut));
        assertThat(eventLog.messages(Level.WARN, "events"))
                .singleElement()
                .asString()
                .contains(name, "4 more events", "at most 16 events per call");
    }

    @Test
    void aCallThatFailsPublishesNoneOfItsEvents() {
        String name = load("ourchat-limits.wasm");

        engine.events().clear();
        assertThat(reason(send("E"))).contains("unreachable");
        assertThat(engine.events()).isEmpty();

        // The failed instance went with what it held. Its replacement runs on_plugin_load and
        // on_plugin_enable, and publishes the load hook's event once both have succeeded.
        assertThat(send("e")).isInstanceOf(Decision.Accept.class);
        assertThat(engine.events()).hasSize(17).startsWith(loaded(name));
        assertThat(engine.events().subList(1, 17)).allMatch(e -> e.data().startsWith("xxxx"));
        assertThat(Collections.frequency(engine.events(), new PluginEvent(name, 7, "xxxxx")))
                .as("the event of the failed call")
                .isZero();
    }

    @Test
    void aRejectReasonAndTheLogLineItCameFromAreCut() {
        String name = load("ourchat-limits.wasm");

        String cut = "x".repeat(4096) + "… [cut: 100000 bytes]";
        assertThat(reason(send("r"))).isEqualTo(cut);
        assertThat(pluginLog.messages(Level.WARN, name)).containsExactly("🔌 Plugin: " + cut);
    }

    @Test
    void theMessageLoggerCannotForgeALogLineWithANewline() {
        String name =
                engine.loadEnabled(
                        Fixtures.example("ourchat/message-logger.wasm"), PluginSettings.defaults());
        var forged = "hi\nERROR dev.sluice.plugins - plugin x moved to Failed\u001b[2J\u2028";

        sluice.afterStore(new StoredRecord(Record.of("t", 0, null, forged), 0));

        assertThat(pluginLog.messages(Level.INFO, name))
                .contains(
                        "🔌 Plugin: message stored (61 bytes): hi\\nERROR dev.sluice.plugins"
                                + " - plugin x moved to Failed\\u001B[2J\\u2028")
                .noneMatch(line -> line.contains("\n") || line.contains("\u001b"));
    }
}
