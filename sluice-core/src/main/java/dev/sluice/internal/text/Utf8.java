package dev.sluice.internal.text;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no encoded surrogates, nothing above
 * U+10FFFF, no truncated sequences. The JDK's decoders replace such bytes with U+FFFD unless set up
 * to report them, and then do not say where; a producer needs the offset.
 */
public final class Utf8 {

    private Utf8() {}

    /** The offset of the first byte that does not start a well-formed sequence, or -1. */
    public static int firstInvalid(byte[] bytes) {
        int i = 0;
        int end = bytes.length;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int continuation;
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                continuation = 1;
            } else if (b == 0xE0) {
                continuation = 2;
                secondMin = 0xA0; // below: overlong
            } else if (b == 0xED) {
                continuation = 2;
                secondMax = 0x9F; // above: a surrogate, U+D800..U+DFFF
            } else if (b >= 0xE1 && b <= 0xEF) {
                continuation = 2;
            } else if (b == 0xF0) {
                continuation = 3;
                secondMin = 0x90; // below: overlong
            } else if (b >= 0xF1 && b <= 0xF3) {
                continuation = 3;
            } else if (b == 0xF4) {
                continuation = 3;
                secondMax = 0x8F; // above: past U+10FFFF
            } else {
                return i;
            }
            if (end - i <= continuation) {
                return i;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < secondMin || second > secondMax) {
                return i;
            }
            for (int k = 2; k <= continuation; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += continuation + 1;
        }
        return -1;
    }
}
