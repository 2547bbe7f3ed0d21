package dev.sluice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The request parser's UTF-8 check (which says at which byte a body stops being UTF-8) accepts
 * exactly what the JDK's strict decoder accepts. A class of its own: Jazzer fuzzes one
 * {@code @FuzzTest} per JVM.
 */
class Utf8FuzzTest {

    @FuzzTest
    void utf8CheckAgreesWithTheJdk(byte[] input) {
        boolean jdkValid;
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(input));
            jdkValid = true;
        } catch (CharacterCodingException e) {
            jdkValid = false;
        }
        assertThat(Utf8.firstInvalid(input) < 0).isEqualTo(jdkValid);
    }
}
