package dev.sluice.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** The request parser on raw bytes, as the server hands them over, without a server. */
class RequestBodyTest {

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final BodyReader reader = new BodyReader(1024 * 1024, Duration.ofSeconds(30));

    private RequestBody parse(String body, String type) {
        return reader.parse(body.getBytes(StandardCharsets.UTF_8), type);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refused(byte[] body, String type) {
        return assertThatThrownBy(() -> reader.parse(body, type))
                .isInstanceOf(InvalidRequest.class)
                .satisfies(e -> assertThat(((InvalidRequest) e).status()).isEqualTo(400));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refused(String body, String type) {
        return refused(body.getBytes(StandardCharsets.UTF_8), type);
    }

    @Test
    void aValidJsonBodyGivesItsFields() {
        var body =
                parse("{\"topic\":\"t\",\"partition\":3,\"key\":null,\"value\":\"v ✓ 😀\"}", JSON);

        assertThat(body.requiredText("topic")).isEqualTo("t");
        assertThat(body.number("partition", 0, Integer.MAX_VALUE)).isEqualTo(3);
        assertThat(body.optionalText("key")).isNull();
        assertThat(body.requiredText("value")).isEqualTo("v ✓ 😀");
        assertThat(parse("{\"value\":\"\\ud83d\\ude00\"}", JSON).requiredText("value"))
                .isEqualTo("😀");
    }

    @Test
    void exactlyOneJsonValuePerBody() {
        refused("{\"topic\":\"a\",\"value\":\"1\"}{\"topic\":\"b\",\"value\":\"2\"}", JSON)
                .hasMessageContaining("unexpected content after the JSON object")
                .hasMessageContaining("exactly one JSON object");
        refused("{\"topic\":\"a\",\"value\":\"1\"} garbage", JSON)
                .hasMessageContaining("unexpected content after the JSON object (which ends at");
        refused("{\"topic\":\"a\",\"value\":\"1\"}]", JSON)
                .hasMessageContaining("unexpected content after the JSON object");
        assertThat(parse("{\"topic\":\"a\",\"value\":\"1\"} \n", JSON).requiredText("topic"))
                .as("trailing whitespace is not content")
                .isEqualTo("a");
    }

    @Test
    void aFieldSentTwiceIsRefused() {
        refused("{\"topic\":\"a\",\"topic\":\"b\",\"value\":\"1\"}", JSON)
                .hasMessageContaining("field 'topic' appears twice");
        refused("topic=a&topic=b&value=1", FORM)
                .hasMessageContaining("field 'topic' appears twice");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirOffset() {
        byte[] body = "{\"topic\":\"t\",\"value\":\"ab?\"}".getBytes(StandardCharsets.US_ASCII);
        body[24] = (byte) 0xFF;
        refused(body, JSON)
                .hasMessage(
                        "the body is not valid UTF-8: byte 0xff at offset 24 (JSON must be UTF-8)");
        // Overlong encoding of '/', and a truncated three-byte sequence at the very end.
        refused(new byte[] {'{', '"', (byte) 0xC0, (byte) 0xAF, '"'}, JSON)
                .hasMessageContaining("byte 0xc0 at offset 2");
        refused(new byte[] {'{', (byte) 0xE2, (byte) 0x82}, JSON)
                .hasMessageContaining("byte 0xe2 at offset 1");
    }

    @Test
    void unpairedSurrogatesAreRefusedSayingWhere() {
        refused("{\"topic\":\"t\",\"value\":\"ab\\ud800\"}", JSON)
                .hasMessageContaining("unpaired surrogate \\ud800 at character 2 of the string")
                .hasMessageContaining("line 1, column 22");
        refused("{\"topic\":\"t\",\"value\":\"\\udc00x\"}", JSON)
                .hasMessageContaining("unpaired surrogate \\udc00 at character 0");
        refused("{\"\\ud800\":\"t\"}", JSON).hasMessageContaining("of the field name");
        refused("{\"nested\":[{\"deep\":\"\\ud800\"}]}", JSON)
                .hasMessageContaining("unpaired surrogate");
        // A surrogate written directly as UTF-8 bytes (ED A0 80) is not UTF-8 at all.
        refused(new byte[] {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, JSON)
                .hasMessageContaining("byte 0xed at offset 2");
    }

    @Test
    void jsonPastItsLimitsIsA400NamingTheLimit() {
        refused("{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}", JSON)
                .hasMessageStartingWith("JSON nested deeper than 32 levels at line 1");
        refused("{\"a\":".repeat(1000) + "1" + "}".repeat(1000), JSON)
                .hasMessageStartingWith("JSON nested deeper than 32 levels at line 1");
        refused("{\"a\":" + "[".repeat(1000), JSON)
                .hasMessageStartingWith("JSON nested deeper than 32 levels");
        refused("{\"partition\":" + "1".repeat(1001) + "}", JSON)
                .hasMessageStartingWith("a JSON number longer than 100 characters");
        refused("{\"" + "n".repeat(2000) + "\":1}", JSON)
                .hasMessageStartingWith("a JSON field name longer than 1024 characters");
        var small = new BodyReader(64, Duration.ofSeconds(30));
        assertThatThrownBy(
                        () ->
                                small.parse(
                                        ("{\"value\":\"" + "x".repeat(100) + "\"}")
                                                .getBytes(StandardCharsets.UTF_8),
                                        JSON))
                .hasMessageStartingWith("a JSON ");
    }

    @Test
    void zeroBytesNeverMakeTheParserGuessAnotherEncoding() {
        // Found by RequestBodyFuzzTest: Jackson read these as UCS-4 and threw an IOException (500).
        byte[] ucs4 = new byte[19];
        ucs4[0] = 0;
        ucs4[1] = 1;
        ucs4[18] = '?';
        refused(ucs4, JSON).hasMessageStartingWith("malformed JSON: byte 0x00 at offset 0");
        refused(new byte[] {'{', 0, '}'}, JSON).hasMessageContaining("byte 0x00 at offset 1");
        refused(new byte[] {0, '{', 0, '"'}, JSON).hasMessageContaining("cannot hold a raw NUL");
    }

    @Test
    void malformedJsonSaysWhere() {
        refused("{\"topic\": ", JSON).hasMessageStartingWith("malformed JSON at line 1");
        refused("{'topic':'t'}", JSON).hasMessageStartingWith("malformed JSON at line 1, column 2");
        refused("", JSON).hasMessage("empty request body (expected a JSON object)");
        refused("[1]", JSON).hasMessage("the body must be a JSON object");
    }

    @Test
    void integersOutOfRangeAreRefusedQuotingWhatWasSent() {
        var huge =
                parse("{\"partition\":18446744073709551621,\"offset\":18446744073709551616}", JSON);
        assertThatThrownBy(() -> huge.number("partition", 0, Integer.MAX_VALUE))
                .hasMessage(
                        "field 'partition' must be between 0 and 2147483647, got"
                                + " 18446744073709551621");
        assertThatThrownBy(() -> huge.number("offset", 0, Long.MAX_VALUE))
                .hasMessage(
                        "field 'offset' must be between 0 and 9223372036854775807, got"
                                + " 18446744073709551616");
        var twoTo63 = parse("{\"offset\":9223372036854775808}", JSON);
        assertThatThrownBy(() -> twoTo63.number("offset", 0, Long.MAX_VALUE))
                .hasMessageEndingWith("got 9223372036854775808");
        var negative = parse("{\"partition\":-1,\"offset\":-0}", JSON);
        assertThatThrownBy(() -> negative.number("partition", 0, 10))
                .hasMessageEndingWith("got -1");
        assertThat(negative.number("offset", 0, 10)).isZero();
        var fraction = parse("{\"partition\":1.0,\"offset\":1e3}", JSON);
        assertThatThrownBy(() -> fraction.number("partition", 0, 10))
                .hasMessage("field 'partition' must be an integer, got 1.0");
        assertThatThrownBy(() -> fraction.number("offset", 0, 10))
                .hasMessage("field 'offset' must be an integer, got 1e3");
        assertThat(
                        parse("{\"offset\":9223372036854775807}", JSON)
                                .number("offset", 0, Long.MAX_VALUE))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void formIntegersOutOfRangeAreRefusedQuotingWhatWasSent() {
        var huge =
                parse(
                        "topic=t&partition=18446744073709551621&offset=00000000000000000000000012",
                        FORM);
        assertThatThrownBy(() -> huge.number("partition", 0, Integer.MAX_VALUE))
                .hasMessage(
                        "field 'partition' must be between 0 and 2147483647, got"
                                + " 18446744073709551621");
        assertThat(huge.number("offset", 0, Long.MAX_VALUE)).isEqualTo(12);
        var words = parse("partition=zero&offset=%2B5&max_records=", FORM);
        assertThatThrownBy(() -> words.number("partition", 0, 10))
                .hasMessage("field 'partition' must be an integer, got 'zero'");
        assertThatThrownBy(() -> words.number("offset", 0, 10))
                .hasMessage("field 'offset' must be an integer, got '+5'");
        assertThat(words.number("max_records", 100, 1000)).isEqualTo(100);
    }

    @Test
    void formBodiesAreDecodedStrictly() {
        var body = parse("topic=t&key=a+key&value=h%C3%A9llo%20%E2%9C%93&flag", FORM);
        assertThat(body.requiredText("value")).isEqualTo("héllo ✓");
        assertThat(body.requiredText("key")).isEqualTo("a key");
        assertThat(body.requiredText("flag")).isEmpty();

        refused("topic=t&value=%C3", FORM)
                .hasMessage(
                        "field 'value' is not valid UTF-8 once percent-decoded: byte 0xc3 at"
                                + " offset 0 of the decoded text");
        refused("topic=t&value=%ED%A0%80", FORM).hasMessageContaining("not valid UTF-8");
        refused("topic=t&value=50%", FORM)
                .hasMessage(
                        "malformed percent escape in field 'value' at byte 16 of the body"
                                + " (expected % and two hex digits)");
        refused("topic=t&value=%zz", FORM).hasMessageContaining("malformed percent escape");
    }

    @Test
    void contentTypesAndCharsets() {
        assertThat(
                        parse("{\"topic\":\"t\"}", "Application/JSON; charset=UTF-8")
                                .requiredText("topic"))
                .isEqualTo("t");
        assertThat(parse("{\"topic\":\"t\"}", null).requiredText("topic")).isEqualTo("t");
        refused("hi", "text/plain").hasMessageStartingWith("unsupported content type 'text/plain'");
        refused("{}", "application/json; charset=latin1")
                .hasMessage("unsupported charset 'latin1' (bodies must be UTF-8)");
        refused("{}", "application/jsonx").hasMessageStartingWith("unsupported content type");
    }

    @Test
    void fieldsOfTheWrongTypeSaySo() {
        var body =
                parse(
                        "{\"topic\":5,\"value\":{\"a\":1},\"key\":[1],\"partition\":\"1\",\"offset\":true}",
                        JSON);
        assertThatThrownBy(() -> body.requiredText("topic"))
                .hasMessage("field 'topic' must be a string, got a number");
        assertThatThrownBy(() -> body.requiredText("value"))
                .hasMessage("field 'value' must be a string, got an object");
        assertThatThrownBy(() -> body.optionalText("key"))
                .hasMessage("field 'key' must be a string, got an array");
        assertThatThrownBy(() -> body.number("partition", 0, 5))
                .hasMessage("field 'partition' must be an integer, got a string");
        assertThatThrownBy(() -> body.number("offset", 0, 5))
                .hasMessage("field 'offset' must be an integer, got a boolean");
    }

    @Test
    void longValuesAreQuotedShort() {
        String digits = "9".repeat(150);
        var body = parse("topic=t&partition=" + digits, FORM);
        assertThatThrownBy(() -> body.number("partition", 0, 5))
                .hasMessageEndingWith("got " + "9".repeat(100) + "… (150 characters)");
    }
}
