package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.sluice.plugin.PluginEvent;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OurChatContractTest {

    private final EngineHarness engine = new EngineHarness();
    private final Sluice sluice = engine.sluice();
    private final LogCapture logs = engine.pluginLog();
    private final List<PluginEvent> events = engine.events();

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private String load(String fixture, Map<String, String> config) {
        return engine.loadEnabled(
                Fixtures.testdata(fixture), PluginSettings.builder().withConfig(config).build());
    }

    private List<String> info(String plugin) {
        return logs.messages(Level.INFO, plugin);
    }

    @Test
    void contextShapeSeesTopicKeyAndMessageAndCanBlock() {
        load("ourchat-ctx-alloc.wasm", Map.of());

        assertThat(sluice.process(Record.of("chat-room", 3, "alice", "hi there")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(info("ourchat-ctx-alloc"))
                .containsSubsequence(
                        "🔌 Plugin: chat-room", "🔌 Plugin: alice", "🔌 Plugin: hi there");

        assertThat(sluice.process(Record.of("chat-room", 0, null, "block this")))
                .isEqualTo(Decision.reject("ourchat-ctx-alloc", "blocked by test plugin"));
        assertThat(info("ourchat-ctx-alloc")).contains("🔌 Plugin: <no key>");
    }

    @Test
    void configIsReadThroughGetConfigAndStoredThroughSetConfig() {
        load("ourchat-ctx-alloc.wasm", Map.of("greeting", "hello from settings"));

        assertThat(sluice.storedConfig("ourchat-ctx-alloc")).containsEntry("loaded", "yes");
        // on_plugin_load read "greeting" from settings and stored "loaded"; on_plugin_enable
        // reads "loaded" back through get_config.
        assertThat(info("ourchat-ctx-alloc"))
                .containsSubsequence(
                        "🔌 Plugin: hello from settings", "🔌 Plugin: enabled", "🔌 Plugin: yes");
    }

    @Test
    void absentConfigIsMinusOne() {
        load("ourchat-ctx-alloc.wasm", Map.of());

        assertThat(info("ourchat-ctx-alloc")).contains("🔌 Plugin: no greeting");
    }

    @Test
    void eventsReachTheListener() {
        load("ourchat-ctx-alloc.wasm", Map.of());

        sluice.process(Record.of("t", 0, null, "payload ✓"));

        assertThat(events).containsExactly(new PluginEvent("ourchat-ctx-alloc", 7, "payload ✓"));
    }

    @Test
    void postStoreHookSeesTheStoredOffset() {
        load("ourchat-ctx-alloc.wasm", Map.of());
        var record = Record.of("t", 0, null, "kept");

        sluice.afterStore(new StoredRecord(record, 42));

        assertThat(sluice.storedConfig("ourchat-ctx-alloc"))
                .containsEntry("last_sent", "kept")
                .containsEntry("last_offset", "2");
    }

    @Test
    void lifecycleHooksRunOnEnableDisableAndUnload() {
        load("ourchat-ctx-alloc.wasm", Map.of());
        sluice.disable("ourchat-ctx-alloc");
        sluice.enable("ourchat-ctx-alloc");
        sluice.unload("ourchat-ctx-alloc");

        assertThat(info("ourchat-ctx-alloc"))
                .containsSubsequence(
                        "🔌 Plugin: no greeting",
                        "🔌 Plugin: enabled",
                        "🔌 Plugin: disabled",
                        "🔌 Plugin: enabled",
                        "🔌 Plugin: disabled",
                        "🔌 Plugin: unloaded");
        assertThat(sluice.plugins()).isEmpty();
    }

    @Test
    void withoutAnAllocatorTheHostNeverWritesIntoGuestMemory() {
        load("ourchat-plain-noalloc.wasm", Map.of("greeting", "hi from scratch"));

        for (int i = 0; i < 200; i++) {
            assertThat(sluice.process(Record.of("t", 0, "k", "message " + i)))
                    .isInstanceOf(Decision.Accept.class);
        }
        assertThat(sluice.process(Record.of("t", 0, null, "block")))
                .isInstanceOf(Decision.Reject.class);
        sluice.afterStore(new StoredRecord(Record.of("t", 0, null, "stored one"), 0));

        assertThat(logs.messages(Level.ERROR, "ourchat-plain-noalloc")).isEmpty();
        assertThat(info("ourchat-plain-noalloc"))
                .contains("🔌 Plugin: hi from scratch", "🔌 Plugin: message 199");
        assertThat(sluice.storedConfig("ourchat-plain-noalloc"))
                .containsEntry("loaded", "yes")
                .containsEntry("last_sent", "stored one");
    }

    @Test
    void largeMessagesGetScratchBeyondOnePage() {
        load("ourchat-plain-noalloc.wasm", Map.of());
        String big = "y".repeat(200_000);

        assertThat(sluice.process(Record.of("t", 0, null, big)))
                .isInstanceOf(Decision.Accept.class);
        assertThat(sluice.process(Record.of("t", 0, null, "small again")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(logs.messages(Level.ERROR, "ourchat-plain-noalloc")).isEmpty();
    }

    @Test
    void aHookReturningGarbageFailsTheCall() {
        load("ourchat-bad-return.wasm", Map.of());

        var decision = sluice.process(Record.of("t", 0, null, "x"));

        assertThat(decision).isInstanceOf(Decision.Reject.class);
        assertThat(((Decision.Reject) decision).reason())
                .contains("on_message_send returned 7 (expected 0 allow or 1 block)");
    }

    @Test
    void aLoadHookReportingFailureFailsTheLoad() {
        assertThatThrownBy(
                        () ->
                                sluice.load(
                                        Fixtures.testdata("ourchat-load-fails.wasm"),
                                        PluginSettings.defaults()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("ourchat-load-fails")
                .hasMessageContaining("on_plugin_load returned 1");
    }
}
