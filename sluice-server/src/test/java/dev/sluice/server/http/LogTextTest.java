package dev.sluice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlCharactersCannotEndALogLine() {
        String forged = "x\nERROR dev.sluice.plugins forged\r\t\u001b[31m\u0085\u2028\u2029\u007f";

        assertThat(LogText.escape(forged))
                .isEqualTo(
                        "x\\nERROR dev.sluice.plugins forged\\r\\t\\u001b[31m\\u0085\\u2028\\u2029\\u007f")
                .doesNotContain("\n", "\r", "\u001b", "\u2028");
    }

    @Test
    void plainTextIsKeptAsItIsAndBackslashesAreDoubled() {
        String plain = "orders é ✓ 😀";
        assertThat(LogText.escape(plain)).isSameAs(plain);
        assertThat(LogText.escape("a\\nb")).isEqualTo("a\\\\nb");
        assertThat(LogText.escape(null)).isEqualTo("null");
    }
}
