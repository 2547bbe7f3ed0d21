package dev.sluice.server.http;

/**
 * What request parsing needs to know about text: where UTF-8 goes wrong (the check itself is
 * sluice-core's, shared with the record model), and unpaired surrogates in decoded JSON strings.
 */
final class Utf8 {

    private Utf8() {}

    /** The offset of the first byte that does not start a well-formed sequence, or -1. */
    static int firstInvalid(byte[] bytes) {
        return dev.sluice.internal.text.Utf8.firstInvalid(bytes);
    }

    /** "byte 0xff at offset 12", for messages. */
    static String describe(byte[] bytes, int offset) {
        return String.format(
                java.util.Locale.ROOT, "byte 0x%02x at offset %d", bytes[offset] & 0xFF, offset);
    }

    /** The index of the first unpaired surrogate in {@code text}, or -1. */
    static int firstUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
