package dev.sluice.component.abi;

import dev.sluice.component.ComponentTrap;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strings in guest memory, in the three encodings a component may choose. */
final class Strings {

    /** The longest string, in bytes, that may cross the boundary. */
    static final int MAX_BYTES = (1 << 28) - 1;

    /** In Latin-1+UTF-16, this bit of the length says the string is UTF-16. */
    static final int UTF16_TAG = 1 << 31;

    private Strings() {}

    /** Copies a string into memory allocated by the guest; returns {@code ptr << 32 | length}. */
    static long store(CallContext cx, Object value) {
        var encoding = cx.options.encoding();
        if (encoding == StringEncoding.UTF8) {
            byte[] bytes =
                    value instanceof byte[] b
                            ? b
                            : ((String) value).getBytes(StandardCharsets.UTF_8);
            return copy(cx, bytes, 1, bytes.length);
        }
        String s =
                value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) value;
        if (encoding == StringEncoding.LATIN1_UTF16 && isLatin1(s)) {
            return copy(cx, s.getBytes(StandardCharsets.ISO_8859_1), 2, s.length());
        }
        byte[] utf16 = s.getBytes(StandardCharsets.UTF_16LE);
        int units = s.length();
        return copy(cx, utf16, 2, encoding == StringEncoding.UTF16 ? units : units | UTF16_TAG);
    }

    private static long copy(CallContext cx, byte[] bytes, int alignment, int taggedLength) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "a string of "
                            + bytes.length
                            + " bytes is longer than the canonical ABI allows");
        }
        int ptr = cx.allocate(alignment, bytes.length, "a string");
        cx.memory().write(ptr, bytes);
        return (long) ptr << 32 | (taggedLength & 0xffff_ffffL);
    }

    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads a string the guest handed over, trapping on a bad range or bad encoding. */
    static String load(CallContext cx, int ptr, int taggedLength) {
        long units = Integer.toUnsignedLong(taggedLength);
        Charset charset;
        int alignment;
        long bytes;
        switch (cx.options.encoding()) {
            case UTF8 -> {
                charset = StandardCharsets.UTF_8;
                alignment = 1;
                bytes = units;
            }
            case UTF16 -> {
                charset = StandardCharsets.UTF_16LE;
                alignment = 2;
                bytes = 2 * units;
            }
            default -> {
                alignment = 2;
                if ((taggedLength & UTF16_TAG) != 0) {
                    charset = StandardCharsets.UTF_16LE;
                    bytes = 2 * (units ^ Integer.toUnsignedLong(UTF16_TAG));
                } else {
                    charset = StandardCharsets.ISO_8859_1;
                    bytes = units;
                }
            }
        }
        if (bytes > MAX_BYTES) {
            throw new ComponentTrap(
                    "a string of " + bytes + " bytes is longer than the canonical ABI allows");
        }
        cx.check(ptr, bytes, alignment, "a string");
        byte[] raw = cx.memory().readBytes(ptr, (int) bytes);
        if (charset == StandardCharsets.ISO_8859_1
                || (charset == StandardCharsets.UTF_8 && isAscii(raw))) {
            // ASCII is valid UTF-8 and decodes byte for byte: no decoder, no char buffer. Most
            // strings a plugin hands over (channels, keys, config names) are ASCII.
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ComponentTrap(
                    "a string at 0x"
                            + Integer.toHexString(ptr)
                            + " is not valid "
                            + (charset == StandardCharsets.UTF_8 ? "UTF-8" : "UTF-16"));
        }
    }
}
