package dev.sluice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the HTTP request parser: whatever bytes arrive, it gives fields or a 400 with a message,
 * never another exception. Without {@code JAZZER_FUZZ} this replays the seed corpus in {@code
 * RequestBodyFuzzTestInputs/} (valid and invalid bodies) as part of the normal test run.
 */
class RequestBodyFuzzTest {

    /** The first input byte picks one of these; the rest is the body. */
    private static final List<String> TYPES =
            List.of(
                    "application/json",
                    "application/x-www-form-urlencoded",
                    "application/json; charset=utf-8",
                    "text/plain");

    private static final List<String> FIELDS =
            List.of("topic", "partition", "key", "value", "offset", "max_records");

    private static final BodyReader READER = new BodyReader(64 * 1024, Duration.ofSeconds(30));

    @FuzzTest
    void parsesOrRefusesWithA400(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String type = TYPES.get((input[0] & 0xFF) % TYPES.size());
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        RequestBody parsed;
        try {
            parsed = READER.parse(body, type);
        } catch (InvalidRequest refused) {
            assertRefusal(refused);
            return;
        }
        for (var field : parsed.fields().values()) {
            if (field instanceof BodyField.Text text) {
                assertThat(Utf8.firstUnpairedSurrogate(text.value())).isEqualTo(-1);
            }
        }
        try {
            for (var record : RecordJson.request(parsed, 0).records()) {
                assertThat(record.topic()).isNotEmpty();
            }
        } catch (InvalidRequest refused) {
            // 413 only for a batch of more records than a request may hold.
            if (refused.status() != 413) {
                assertRefusal(refused);
            }
        }
        for (String name : FIELDS) {
            try {
                parsed.optionalText(name);
            } catch (InvalidRequest refused) {
                assertRefusal(refused);
            }
            try {
                long n = parsed.number(name, 0, Integer.MAX_VALUE);
                assertThat(n).isBetween(0L, (long) Integer.MAX_VALUE);
            } catch (InvalidRequest refused) {
                assertRefusal(refused);
            }
        }
    }

    private static void assertRefusal(InvalidRequest refused) {
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).isNotBlank().doesNotContain("Exception", "com.fasterxml");
    }
}
