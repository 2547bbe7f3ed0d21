package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.sluice.plugin.Contract;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.PluginEvent;
import dev.sluice.plugin.PluginForm;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import dev.sluice.testing.ContentFilterCases;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed example plugins, run through the engine exactly as users get them. */
class ExamplePluginsTest {

    private final EngineHarness engine = new EngineHarness();
    private final Sluice sluice = engine.sluice();
    private final LogCapture logs = engine.pluginLog();
    private final List<PluginEvent> events = engine.events();

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private String load(String example, PluginSettings settings) {
        return engine.loadEnabled(Fixtures.example(example), settings);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "blink/content-filter.wasm",
                "blink/content-filter-component.wasm",
                "blink/content-filter-c.wasm"
            })
    void everyBuildOfTheContentFilterDecidesAlike(String example) {
        ContentFilterCases.assertDecides(sluice, load(example, PluginSettings.defaults()));
    }

    /**
     * The JavaScript build carries a JavaScript engine whose interpreter loop is too large for one
     * JVM method, so Chicory runs it interpreted whatever the engine setting: records take tens of
     * milliseconds and need a longer time limit. The interpreter setting spares the test the
     * half-minute compile of the rest (the server's cold-start figures cover the compiler).
     */
    @Test
    void theJavaScriptBuildDecidesAlikeWithALongerTimeLimit() {
        ContentFilterCases.assertDecides(
                sluice,
                load(
                        "blink/content-filter-js.wasm",
                        PluginSettings.builder()
                                .withEngine(ExecutionEngine.INTERPRETER)
                                .withMaxExecutionTime(Duration.ofSeconds(30))
                                .withMaxInitTime(Duration.ofSeconds(120))
                                .build()));
        assertThat(logs.messages(Level.INFO, "content-filter-js"))
                .contains("🔌 Plugin: content filter ready");
    }

    @Test
    void theContentFilterRunsInTheInterpreterToo() {
        String name =
                load(
                        "blink/content-filter.wasm",
                        PluginSettings.builder().withEngine(ExecutionEngine.INTERPRETER).build());

        assertThat(sluice.process(Record.of("orders", 0, null, "hello")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(sluice.process(Record.of("orders", 0, null, "")))
                .isEqualTo(Decision.reject(name, "rejected: empty value"));
    }

    @Test
    void componentsAreDetectedAsSuchAndRunTheirPluginModule() {
        var d = Sluice.inspect(Fixtures.example("blink/demo-plugin-component.wasm"));

        assertThat(d.form()).isEqualTo(PluginForm.COMPONENT);
        assertThat(d.contract()).isEqualTo(Contract.BLINK);
        assertThat(d.notes()).anyMatch(n -> n.startsWith("component with"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"blink/demo-plugin.wasm", "blink/demo-plugin-component.wasm"})
    void theDemoPluginLogsEveryRecordAndAcceptsIt(String example) {
        String name = load(example, PluginSettings.defaults());

        assertThat(sluice.process(Record.of("greetings", 2, "k1", "hi")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(sluice.process(Record.of("greetings", 0, null, "")))
                .isInstanceOf(Decision.Accept.class);

        assertThat(logs.messages(Level.INFO, name))
                .containsSubsequence(
                        "🔌 Plugin: demo plugin initialised",
                        "🔌 Plugin: record on topic greetings partition 2 key k1 (2 bytes)",
                        "🔌 Plugin: record on topic greetings partition 0 key - (0 bytes)");
    }

    @ParameterizedTest(name = "{0} -> blocked={1}")
    @CsvSource({
        "hello everyone, false",
        "buy VIAGRA now, true",
        "you won the Lottery, true",
        "nothing to see, false",
    })
    void theSpamFilterBlocksConfiguredWords(String message, boolean blocked) {
        String name = load("ourchat/spam-filter.wasm", PluginSettings.defaults());

        var decision = sluice.process(Record.of("lobby", 0, "bob", message));

        assertThat(decision instanceof Decision.Accept).isEqualTo(!blocked);
        if (blocked) {
            assertThat(((Decision.Reject) decision).reason()).contains("blocked message on lobby");
            assertThat(events)
                    .singleElement()
                    .satisfies(e -> assertThat(e.plugin()).isEqualTo(name));
        }
    }

    @Test
    void theSpamFilterReadsItsWordListFromConfig() {
        load(
                "ourchat/spam-filter.wasm",
                PluginSettings.builder().withConfig(Map.of("blocked_words", "rhubarb")).build());

        assertThat(sluice.process(Record.of("lobby", 0, null, "buy viagra")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(sluice.process(Record.of("lobby", 0, null, "RHUBARB pie")))
                .isInstanceOf(Decision.Reject.class);
    }

    @Test
    void theMessageLoggerSeesStoredMessagesWithoutAnAllocator() {
        String name = load("ourchat/message-logger.wasm", PluginSettings.defaults());
        var record = Record.of("lobby", 0, null, "first!");

        assertThat(sluice.process(record)).isInstanceOf(Decision.Accept.class);
        sluice.afterStore(new StoredRecord(record, 0));
        sluice.afterStore(new StoredRecord(Record.of("lobby", 0, null, "second"), 1));

        assertThat(logs.messages(Level.INFO, name))
                .contains("🔌 Plugin: message stored (6 bytes): first!");
        assertThat(sluice.storedConfig(name)).containsEntry("messages_seen", "2");
    }
}
