package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.sluice.plugin.EventDelivery;
import dev.sluice.plugin.OnError;
import dev.sluice.plugin.PluginEvent;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginState;
import dev.sluice.record.Decision;
import dev.sluice.record.Header;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OurChat's planned abilities, run for real: {@code set_message} and {@code set_header} during
 * {@code on_message_send} (the moderator example and a probe fixture), and host events through
 * {@link Sluice#dispatch} (the greeter example and the probe).
 */
class OurChatAbilitiesTest {

    private static final String PROBE = "ourchat-rewrite-probe";

    private final EngineHarness engine = new EngineHarness();
    private final Sluice sluice = engine.sluice();
    private final LogCapture logs = engine.pluginLog();
    private final List<PluginEvent> events = engine.events();

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private String example(String file, PluginSettings settings) {
        return engine.loadEnabled(Fixtures.example("ourchat/" + file), settings);
    }

    private String probe(PluginSettings settings) {
        return engine.loadEnabled(Fixtures.testdata(PROBE + ".wasm"), settings);
    }

    private List<String> info(String plugin) {
        return logs.messages(Level.INFO, plugin);
    }

    private static Record record(String value) {
        return Record.builder("lobby")
                .partition(2)
                .key(dev.sluice.record.Bytes.utf8("alice"))
                .value(value)
                .header("trace", "t-1")
                .timestamp(1_700_000_000_000L)
                .build();
    }

    private static Record only(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Replace.class);
        var records = ((Decision.Replace) decision).records();
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    @Test
    void theModeratorRewritesTheMessageAndAddsHeadersAfterTheRecordsOwn() {
        example("moderator.wasm", PluginSettings.defaults());
        var input = record("oh darn, what the HECK");

        var out = only(sluice.process(input));

        assertThat(out.valueText()).isEqualTo("oh ****, what the ****");
        assertThat(out.headers())
                .containsExactly(
                        Header.of("trace", "t-1"),
                        Header.of("moderated-by", "moderator"),
                        Header.of("masked-words", "2"));
        assertThat(out.topic()).isEqualTo("lobby");
        assertThat(out.partition()).isEqualTo(2);
        assertThat(out.keyText()).isEqualTo("alice");
        assertThat(out.timestamp()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void aMessageThePluginDoesNotRewriteIsAcceptedAsItIs() {
        example("moderator.wasm", PluginSettings.defaults());

        assertThat(sluice.process(record("all good here"))).isInstanceOf(Decision.Accept.class);
    }

    @Test
    void theSameHeaderKeyTwiceRepeatsAsKafkaHeadersDo() {
        probe(PluginSettings.defaults());

        var out = only(sluice.process(record("rewrite:new text")));

        assertThat(out.valueText()).isEqualTo("new text");
        assertThat(out.headers())
                .containsExactly(
                        Header.of("trace", "t-1"),
                        Header.of("probe", "1"),
                        Header.of("probe", "2"));
        assertThat(info(PROBE))
                .containsSubsequence(
                        "🔌 Plugin: set_message -> 0",
                        "🔌 Plugin: set_header -> 0",
                        "🔌 Plugin: set_header -> 0");
    }

    @Test
    void aBlockedCallDiscardsItsRewrite() {
        example(
                "moderator.wasm",
                PluginSettings.builder().withConfig(Map.of("max_masked", "1")).build());
        probe(PluginSettings.defaults());

        // The moderator masked both words and set the message before it decided to block.
        assertThat(sluice.process(record("darn and heck")))
                .isEqualTo(Decision.reject("moderator", "too many masked words (2)"));
        // With one word it rewrites and allows; the probe after it then blocks its rewrite.
        assertThat(sluice.process(record("darn"))).isInstanceOf(Decision.Replace.class);
        assertThat(sluice.process(record("block:never stored")))
                .isEqualTo(Decision.reject(PROBE, "probe blocks"));
        // A block is no failure: the same instance takes the next record, with nothing held over.
        assertThat(sluice.process(record("plain"))).isInstanceOf(Decision.Accept.class);
    }

    @Test
    void aTrapDiscardsTheRewriteAndCountsAsAFailure() {
        probe(PluginSettings.builder().withOnError(OnError.ALLOW).build());

        // on_error: allow lets the record through: as it came, not as the plugin rewrote it.
        assertThat(sluice.process(record("trap:rewritten then trapped")))
                .isInstanceOf(Decision.Accept.class);
        assertThat(sluice.plugin(PROBE).orElseThrow().failures()).isEqualTo(1);
        // The next instance starts clean: a later call is not rewritten by the failed one.
        assertThat(sluice.process(record("plain"))).isInstanceOf(Decision.Accept.class);
    }

    @Test
    void outsideOnMessageSendBothAnswerMinusOne() {
        probe(PluginSettings.defaults());

        sluice.afterStore(new StoredRecord(record("stored"), 7));
        var delivery = sluice.dispatch("user_created", "{\"name\":\"bob\"}");

        assertThat(delivery.delivered()).containsExactly(PROBE);
        assertThat(info(PROBE))
                .contains(
                        "🔌 Plugin: on_plugin_load set_header -> -1",
                        "🔌 Plugin: on_message_sent set_message -> -1",
                        "🔌 Plugin: on_user_created set_message -> -1",
                        "🔌 Plugin: {\"name\":\"bob\"}");
    }

    @Test
    void overTheBoundsTheCallsAnswerNegativeCodesAndChangeNothing() {
        probe(PluginSettings.defaults());

        assertThat(sluice.process(record("big"))).isInstanceOf(Decision.Accept.class);
        assertThat(sluice.process(record("header-bytes"))).isInstanceOf(Decision.Accept.class);
        assertThat(sluice.process(record("empty-key"))).isInstanceOf(Decision.Accept.class);
        // 64 headers fit; the 65th is refused, and the 64 are applied.
        var many = only(sluice.process(record("headers")));

        assertThat(many.headers()).hasSize(1 + 64);
        assertThat(info(PROBE))
                .contains(
                        "🔌 Plugin: set_message big -> -2",
                        "🔌 Plugin: set_header bytes -> -4",
                        "🔌 Plugin: set_header empty -> -5",
                        "🔌 Plugin: header -> 65",
                        "🔌 Plugin: set_header -> -3");
    }

    @Test
    void aRewriteMayNotGrowTheRecordPastMaxRecordBytes() {
        probe(PluginSettings.builder().withMaxRecordBytes(100).build());
        // topic "lobby" (5) + key "alice" (5) + header trace=t-1 (8) + value (80): 98 bytes.
        String text = "x".repeat(72);

        var out = only(sluice.process(record("rewrite:" + text)));

        // 18 + 72 = 90 bytes rewritten; one header (6 bytes) more fits in 100, a second does not.
        assertThat(out.headers())
                .containsExactly(Header.of("trace", "t-1"), Header.of("probe", "1"));
        assertThat(out.sizeBytes()).isLessThanOrEqualTo(100);
        assertThat(info(PROBE))
                .containsSubsequence("🔌 Plugin: set_header -> 0", "🔌 Plugin: set_header -> -2");
    }

    @Test
    void theNextPluginInTheChainSeesTheRewrittenMessage() {
        example("moderator.wasm", PluginSettings.defaults());
        // The spam filter blocks what the moderator wrote, which the producer never sent.
        example(
                "spam-filter.wasm",
                PluginSettings.builder().withConfig(Map.of("blocked_words", "****")).build());

        assertThat(sluice.process(record("what the heck")))
                .isEqualTo(
                        Decision.reject(
                                "spam-filter", "blocked message on lobby: contains '****'"));
        assertThat(sluice.process(record("fine words"))).isInstanceOf(Decision.Accept.class);
    }

    @Test
    void dispatchDeliversAHostEventToTheHookForIt() {
        example("greeter.wasm", PluginSettings.defaults());

        EventDelivery delivery =
                sluice.dispatch("user_created", "{\"name\": \"alice\", \"id\": 7}");

        assertThat(delivery.delivered()).containsExactly("greeter");
        assertThat(delivery.failed()).isEmpty();
        assertThat(info("greeter")).contains("🔌 Plugin: welcome, alice!");
        assertThat(events)
                .containsExactly(new PluginEvent("greeter", 1, "{\"welcome\":\"alice\"}"));
        assertThat(sluice.storedConfig("greeter")).containsEntry("last_user", "alice");

        sluice.dispatch("friend_added", "[\"alice\", \"bob\"]");
        assertThat(info("greeter")).contains("🔌 Plugin: new friends (#1): [\"alice\", \"bob\"]");
    }

    @Test
    void aFailingHookIsCountedAndReportedNeverThrown() {
        example("greeter.wasm", PluginSettings.defaults());
        probe(PluginSettings.defaults());

        var trapped = sluice.dispatch("boom", "{}");
        var status = sluice.dispatch("status_fail", "{}");
        var refused = sluice.dispatch("user_created", "{\"nickname\":\"x\"}");

        assertThat(trapped.delivered()).isEmpty();
        assertThat(trapped.failed()).containsOnlyKeys(PROBE);
        assertThat(trapped.failed().get(PROBE)).startsWith("on_boom ");
        assertThat(status.failed().get(PROBE))
                .isEqualTo(
                        "on_status_fail broke the contract: on_status_fail returned 2 (0 means"
                                + " ok)");
        assertThat(refused.delivered()).containsExactly(PROBE);
        assertThat(refused.failed().get("greeter"))
                .endsWith("on_user_created returned 1 (0 means ok)");
        assertThat(sluice.plugin(PROBE).orElseThrow().failures()).isEqualTo(2);
        assertThat(sluice.plugin("greeter").orElseThrow().failures()).isEqualTo(1);
        assertThat(events).isEmpty(); // a failed call publishes nothing it emitted
    }

    @Test
    void eventHookFailuresOpenTheBreakerLikeAnyOtherCall() {
        probe(
                PluginSettings.builder()
                        .withMaxConsecutiveFailures(2)
                        .withFailureBackoff(Duration.ofMinutes(5), Duration.ofMinutes(5))
                        .build());

        sluice.dispatch("boom", "{}");
        sluice.dispatch("boom", "{}");
        var whileFailed = sluice.dispatch("user_created", "{}");

        assertThat(sluice.plugin(PROBE).orElseThrow().state()).isEqualTo(PluginState.FAILED);
        assertThat(whileFailed.failed().get(PROBE)).contains("is Failed").contains("on_boom");
    }

    @Test
    void anEventNoEnabledPluginHasAHookForReachesNone() {
        example("greeter.wasm", PluginSettings.defaults());
        engine.sluice().load(Fixtures.testdata(PROBE + ".wasm"), PluginSettings.defaults());

        var unknown = sluice.dispatch("user_deleted", "{\"name\":\"alice\"}");
        // The probe has on_boom but is loaded, not enabled.
        var notEnabled = sluice.dispatch("boom", "{}");

        assertThat(unknown.hooks()).isZero();
        assertThat(notEnabled.hooks()).isZero();
        assertThat(info(PROBE)).noneMatch(line -> line.contains("on_user_created"));
    }

    @Test
    void aPayloadAboveAPluginsMaxRecordBytesIsNotPassedToIt() {
        example("greeter.wasm", PluginSettings.builder().withMaxRecordBytes(32).build());

        var delivery = sluice.dispatch("user_created", "{\"name\":\"" + "a".repeat(40) + "\"}");

        assertThat(delivery.failed().get("greeter"))
                .contains("the payload is 51 bytes, above the 32 this plugin takes")
                .contains("plugin.max_record_bytes");
        assertThat(sluice.plugin("greeter").orElseThrow().failures()).isZero();
    }

    @Test
    void namesAndPayloadsAreCheckedBeforeAnyPluginIsCalled() {
        example("greeter.wasm", PluginSettings.defaults());

        assertThatThrownBy(() -> sluice.dispatch("User-Created", "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event name 'User-Created' is not allowed")
                .hasMessageContaining("lowercase ASCII letters, digits and underscores");
        assertThatThrownBy(() -> sluice.dispatch("message_send", "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is reserved: on_message_send is a plugin hook");
        assertThatThrownBy(() -> sluice.dispatch("user_created", "{\"name\": alice}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the payload of event user_created is not valid JSON")
                .hasMessageContaining("at character 9");
        assertThatThrownBy(() -> sluice.dispatch("user_created", "\"\uD800\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate at index 1");
        assertThat(info("greeter")).isEmpty();
    }

    @Test
    void validationNamesWrongSignaturesOfTheNewImportsAndEventHooks() {
        assertThatThrownBy(() -> Sluice.inspect(Fixtures.testdata("ourchat-bad-abilities.wasm")))
                .isInstanceOfSatisfying(
                        PluginValidationException.class,
                        e ->
                                assertThat(e.problems())
                                        .contains(
                                                "import `ourchat.set_message` has type (i32, i32)"
                                                        + " -> (), expected (i32, i32) -> i32",
                                                "import `ourchat.set_header` has type (i32, i32,"
                                                        + " i32) -> i32, expected (i32, i32, i32,"
                                                        + " i32) -> i32",
                                                "export `on_user_created` has type (i32) -> i32,"
                                                        + " expected (i32, i32) -> i32 or (i32,"
                                                        + " i32) -> ()",
                                                "export `on_friend_added` has type (i32, i32) ->"
                                                        + " i64, expected (i32, i32) -> i32 or"
                                                        + " (i32, i32) -> ()"));
    }

    @Test
    void aModuleWithOnlyAnEventHookIsAnOurChatPlugin() {
        var descriptor = Sluice.inspect(Fixtures.testdata("ourchat-event-only.wasm"));
        engine.loadEnabled(Fixtures.testdata("ourchat-event-only.wasm"), PluginSettings.defaults());

        assertThat(descriptor.contract()).isEqualTo(dev.sluice.plugin.Contract.OURCHAT);
        assertThat(sluice.dispatch("session_created", "{\"id\": 1}").delivered())
                .containsExactly("ourchat-event-only");
        // It has no message hook: records pass it untouched.
        assertThat(sluice.process(record("hello"))).isInstanceOf(Decision.Accept.class);
    }

    @Test
    void inspectListsTheEventHooks() {
        var greeter = Sluice.inspect(Fixtures.example("ourchat/greeter.wasm"));

        assertThat(greeter.notes())
                .anyMatch(n -> n.startsWith("event hooks: on_friend_added, on_user_created "));
        assertThat(greeter.imports()).contains("ourchat.log: func (i32, i32, i32) -> ()");
        assertThat(Sluice.inspect(Fixtures.example("ourchat/moderator.wasm")).imports())
                .contains(
                        "ourchat.set_message: func (i32, i32) -> i32",
                        "ourchat.set_header: func (i32, i32, i32, i32) -> i32");
    }
}
