package dev.sluice.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void matchesTheJdkOnEveryLengthAroundTheBlockBoundariesAndOnLargeInputs() throws Exception {
        var random = new Random(14);
        for (int length = 0; length <= 300; length++) {
            assertSame(randomBytes(random, length));
        }
        for (int length : new int[] {1_000, 4_095, 65_536, 1_000_003}) {
            assertSame(randomBytes(random, length));
        }
    }

    @Test
    void givesTheStandardsTestVector() {
        assertThat(
                        HexFormat.of()
                                .formatHex(
                                        Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static void assertSame(byte[] message) throws Exception {
        assertThat(Sha256.digest(message))
                .as("%d bytes", message.length)
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(message));
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
