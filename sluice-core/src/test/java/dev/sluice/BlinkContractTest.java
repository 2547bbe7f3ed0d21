package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginState;
import dev.sluice.record.Bytes;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlinkContractTest {

    private final EngineHarness engine =
            new EngineHarness(Sluice.builder().withReservedPort(30005, "the REST API"));
    private final Sluice sluice = engine.sluice();
    private final LogCapture logs = engine.pluginLog();

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private void loadEnabled(Path file) {
        engine.loadEnabled(file, PluginSettings.defaults());
    }

    @Test
    void stringsCrossTheAbiIntactThroughCabiRealloc() {
        loadEnabled(Fixtures.testdata("blink-echo.wasm"));

        var decision = sluice.process(Record.of("tópic-1", 0, "kéy 🔑", "héllo wörld 🚀"));

        assertThat(decision).isInstanceOf(Decision.Accept.class);
        assertThat(logs.messages(Level.INFO, "blink-echo"))
                .containsExactly(
                        "🔌 Plugin: tópic-1", "🔌 Plugin: kéy 🔑", "🔌 Plugin: héllo wörld 🚀");
    }

    @Test
    void oneInstanceServesSequentialRecords() {
        loadEnabled(Fixtures.example("blink/content-filter.wasm"));

        for (int i = 0; i < 50; i++) {
            assertThat(sluice.process(Record.of("orders", 0, null, "order " + i)))
                    .isInstanceOf(Decision.Accept.class);
        }

        // init logs once per instance: one instance, made at load and reused for every record.
        assertThat(logs.messages(Level.INFO, "content-filter"))
                .filteredOn(l -> l.contains("content filter ready"))
                .hasSize(1);
        assertThat(sluice.plugin("content-filter").orElseThrow().calls()).isEqualTo(50);
    }

    @Test
    void absentKeyIsPassedAsNoneAndEmptyValueAsEmptyString() {
        loadEnabled(Fixtures.testdata("blink-echo.wasm"));

        sluice.process(Record.of("t", 0, null, ""));

        assertThat(logs.messages(Level.INFO, "blink-echo"))
                .containsExactly("🔌 Plugin: t", "🔌 Plugin: <none>", "🔌 Plugin: ");
    }

    @Test
    void falseRejectsAndTheLastWarningIsTheReason() {
        loadEnabled(Fixtures.testdata("blink-echo.wasm"));

        var decision = sluice.process(Record.of("t", 13, "k", "v"));

        assertThat(decision).isEqualTo(Decision.reject("blink-echo", "partition 13 is unlucky"));
        assertThat(logs.messages(Level.WARN, "blink-echo"))
                .containsExactly("🔌 Plugin: partition 13 is unlucky");
        assertThat(sluice.plugin("blink-echo").orElseThrow().rejected()).isEqualTo(1);
    }

    @Test
    void aRecordThatIsNotTextIsRejectedWithoutCallingThePlugin() {
        loadEnabled(Fixtures.testdata("blink-echo.wasm"));
        var binary =
                Record.builder("t")
                        .key(Bytes.utf8("k"))
                        .value(Bytes.copyOf(new byte[] {'o', 'k', (byte) 0xC3, 0x28}))
                        .build();
        long callsBefore = sluice.plugin("blink-echo").orElseThrow().calls();

        var decision = sluice.process(binary);

        assertThat(decision)
                .isEqualTo(
                        Decision.reject(
                                "blink-echo",
                                "the record's value is not valid UTF-8 (at byte offset 2), and"
                                        + " this plugin's contract (blink:plugin@0.1.0) takes"
                                        + " text"));
        var status = sluice.plugin("blink-echo").orElseThrow();
        assertThat(status.calls()).as("the plugin was not called").isEqualTo(callsBefore);
        assertThat(status.rejected()).isEqualTo(1);
        assertThat(sluice.process(Record.of("t", 0, "k", "fine")))
                .isInstanceOf(Decision.Accept.class);
    }

    @Test
    void manyRecordsReuseInstancesWithoutExhaustingMemory() {
        // Not a test of time: a loaded machine must not push a call past the default 100 ms.
        engine.loadEnabled(
                Fixtures.testdata("blink-echo.wasm"),
                PluginSettings.builder().withMaxExecutionTime(Duration.ofSeconds(30)).build());
        String value = "x".repeat(10_000);

        for (int i = 0; i < 2_000; i++) {
            assertThat(sluice.process(Record.of("t", 0, "k", value)))
                    .isInstanceOf(Decision.Accept.class);
        }
        assertThat(sluice.plugin("blink-echo").orElseThrow().failures()).isZero();
    }

    @Test
    void wasiOutputGoesToThePluginLogAndNothingElseIsProvided() {
        loadEnabled(Fixtures.testdata("blink-wasi.wasm"));

        assertThat(sluice.process(Record.of("t", 0, null, "v")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(logs.messages(Level.INFO, "blink-wasi"))
                .containsExactly("🔌 Plugin: hello from stdout");
        assertThat(logs.messages(Level.WARN, "blink-wasi"))
                .containsExactly("🔌 Plugin: trouble on stderr");
        assertThat(sluice.process(Record.of("t", 1, null, "v")))
                .as("no environment variables")
                .isInstanceOf(Decision.Accept.class);
        assertThat(sluice.process(Record.of("t", 2, null, "v")))
                .as("no preopened directories")
                .isInstanceOf(Decision.Accept.class);
    }

    @Test
    void initPortIsRecordedAndShownInStatus() {
        loadEnabled(Fixtures.testdata("blink-port.wasm"));

        assertThat(sluice.plugin("blink-port").orElseThrow().port()).hasValue(18080);
    }

    @Test
    void initPortTakenByAnotherPluginFailsTheLoad(@TempDir Path dir) throws Exception {
        loadEnabled(Fixtures.testdata("blink-port.wasm"));
        Path copy = Files.copy(Fixtures.testdata("blink-port.wasm"), dir.resolve("other.wasm"));

        assertThatThrownBy(() -> sluice.load(copy, PluginSettings.defaults()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("plugin other")
                .hasMessageContaining("port 18080")
                .hasMessageContaining("already taken by plugin blink-port");
        assertThat(sluice.plugins()).extracting(s -> s.name()).containsExactly("blink-port");
    }

    @Test
    void initPortTakenByTheHostFailsTheLoad() {
        try (var host = Sluice.builder().withReservedPort(18080, "the REST API").build()) {
            assertThatThrownBy(
                            () ->
                                    host.load(
                                            Fixtures.testdata("blink-port.wasm"),
                                            PluginSettings.defaults()))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("already taken by the REST API");
        }
    }

    @Test
    void portIsReleasedOnUnload(@TempDir Path dir) throws Exception {
        loadEnabled(Fixtures.testdata("blink-port.wasm"));
        sluice.unload("blink-port");
        Path copy = Files.copy(Fixtures.testdata("blink-port.wasm"), dir.resolve("again.wasm"));

        assertThat(sluice.load(copy, PluginSettings.defaults()).port()).hasValue(18080);
    }

    @Test
    void initReturningAGarbageOptionFailsTheLoad() {
        assertThatThrownBy(
                        () ->
                                sluice.load(
                                        Fixtures.testdata("blink-bad-init.wasm"),
                                        PluginSettings.defaults()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("blink-bad-init")
                .hasMessageContaining("tag 7");
    }

    @Test
    void initThatTrapsFailsTheLoadAndLeavesNothingBehind() {
        assertThatThrownBy(
                        () ->
                                sluice.load(
                                        Fixtures.testdata("blink-init-trap.wasm"),
                                        PluginSettings.defaults()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("blink-init-trap")
                .hasMessageContaining("trapped");
        assertThat(sluice.plugins()).isEmpty();
    }

    @Test
    void disabledPluginsSeeNoRecordsAndReenablingResumes() {
        loadEnabled(Fixtures.testdata("blink-echo.wasm"));
        sluice.disable("blink-echo");

        assertThat(sluice.process(Record.of("t", 13, null, "v")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(sluice.plugin("blink-echo").orElseThrow().state())
                .isEqualTo(PluginState.DISABLED);

        sluice.enable("blink-echo");
        assertThat(sluice.process(Record.of("t", 13, null, "v")))
                .isInstanceOf(Decision.Reject.class);
    }

    @Test
    void loadedButNotEnabledPluginsSeeNoRecords() {
        sluice.load(Fixtures.testdata("blink-echo.wasm"), PluginSettings.defaults());

        assertThat(sluice.plugin("blink-echo").orElseThrow().state()).isEqualTo(PluginState.LOADED);
        assertThat(sluice.process(Record.of("t", 13, null, "v")))
                .isInstanceOf(Decision.Accept.class);
    }

    @Test
    void theSameNameCannotBeLoadedTwice() {
        loadEnabled(Fixtures.testdata("blink-echo.wasm"));

        assertThatThrownBy(
                        () ->
                                sluice.load(
                                        Fixtures.testdata("blink-echo.wasm"),
                                        PluginSettings.defaults()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("already loaded");
    }

    @Test
    void unknownPluginNamesListTheLoadedOnes() {
        loadEnabled(Fixtures.testdata("blink-echo.wasm"));

        assertThatThrownBy(() -> sluice.enable("nope"))
                .isInstanceOf(UnknownPluginException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining("blink-echo");
    }
}
