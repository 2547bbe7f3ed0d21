package dev.sluice.internal.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class PluginTextTest {

    @Test
    void shortTextIsKeptAsItIs() {
        assertThat(PluginText.cut("hello", 5)).isEqualTo("hello");
        assertThat(PluginText.cut("héllo", 6)).isEqualTo("héllo");
    }

    @Test
    void longTextIsCutOnACharacterBoundaryAndSaysHowLongItWas() {
        // "é" is two bytes, "€" three: 10 bytes cannot end inside either.
        assertThat(PluginText.cut("aaaaaaaaé€", 9)).isEqualTo("aaaaaaaa… [cut: 13 bytes]");
        assertThat(PluginText.cut("aaaaaaaaaé€", 10)).isEqualTo("aaaaaaaaa… [cut: 14 bytes]");
        assertThat(PluginText.cut("x".repeat(62_914_618), 4096))
                .isEqualTo("x".repeat(4096) + "… [cut: 62914618 bytes]");
    }

    @Test
    void guestBytesAreCutWithoutSplittingACharacter() {
        byte[] bytes = "ab€".getBytes(StandardCharsets.UTF_8);
        assertThat(PluginText.boundary(bytes, 3)).isEqualTo(2);
        assertThat(PluginText.boundary(bytes, 5)).isEqualTo(5);
        assertThat(PluginText.boundary(bytes, 99)).isEqualTo(5);
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(PluginText.escape("plain text, ünïcödé ✓")).isEqualTo("plain text, ünïcödé ✓");
        assertThat(PluginText.escape("a\nb\rc\td")).isEqualTo("a\\nb\\rc\\td");
        assertThat(PluginText.escape("\u0000\u001b[31m\u007f\u0085\u009f\u2028\u2029"))
                .isEqualTo("\\u0000\\u001B[31m\\u007F\\u0085\\u009F\\u2028\\u2029");
    }

    @Test
    void cuttingComesBeforeEscapingSoTheCutIsOfThePluginsOwnBytes() {
        assertThat(PluginText.forLog("\n".repeat(10), 4))
                .isEqualTo("\\n\\n\\n\\n… [cut: 10 bytes]");
    }

    @Test
    void stdoutIsSplitIntoLinesAndOverlongLinesIntoPieces() {
        try (var capture = LogCapture.of("sluice.plugin.output-test")) {
            var log = new PluginLog("output-test");
            var output = new PluginOutput(log, Level.INFO);

            output.write("one\r\ntw".getBytes(StandardCharsets.UTF_8));
            output.write("o\n".getBytes(StandardCharsets.UTF_8));
            output.write(("z".repeat(PluginText.MAX_LINE_BYTES + 3) + "\n").getBytes());

            assertThat(capture.messages())
                    .containsExactly(
                            "🔌 Plugin: one",
                            "🔌 Plugin: two",
                            "🔌 Plugin: " + "z".repeat(PluginText.MAX_LINE_BYTES),
                            "🔌 Plugin: zzz");
        }
    }

    @Test
    void outputPastTheBudgetFailsTheCallAndANewCallStartsAfresh() {
        var log = new PluginLog("budget-test");
        log.chargeOutput("fd_write", PluginLog.MAX_OUTPUT_BYTES_PER_CALL);

        assertThatThrownBy(() -> log.chargeOutput("fd_write", 1))
                .isInstanceOf(CallLimitExceeded.class)
                .hasMessageContaining("fd_write: wrote more than 1048576 bytes");
        log.beginCall();
        log.chargeOutput("fd_write", PluginLog.MAX_OUTPUT_BYTES_PER_CALL);
    }

    @Test
    void aLogLineAndTheReasonTakenFromItAreEscaped() {
        try (var capture = LogCapture.of("sluice.plugin.reason-test")) {
            var log = new PluginLog("reason-test");
            log.beginCall();
            log.log(Level.WARN, PluginText.cut("bad\nERROR forged " + "y".repeat(5000), 4096));

            String expected = "bad\\nERROR forged " + "y".repeat(4096 - 17) + "… [cut: 5017 bytes]";
            assertThat(log.lastWarning()).contains(expected);
            assertThat(capture.messages()).containsExactly("🔌 Plugin: " + expected);
        }
    }
}
