package dev.sluice.component.binary;

import dev.sluice.component.ComponentDecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads the primitive encodings of the binary format (LEB128 numbers, names, bytes). */
final class Reader {

    private final byte[] bytes;
    private int pos;
    private final int end;

    /** What is being read, for messages: "type section", "canon section"… */
    private String context = "component";

    Reader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
    }

    void context(String context) {
        this.context = context;
    }

    int pos() {
        return pos;
    }

    int end() {
        return end;
    }

    boolean atEnd() {
        return pos >= end;
    }

    byte[] bytes() {
        return bytes;
    }

    void skipTo(int newPos) {
        pos = newPos;
    }

    ComponentDecodeException error(String message) {
        return error(message, pos);
    }

    ComponentDecodeException error(String message, int at) {
        return new ComponentDecodeException("malformed component: " + context + ": " + message, at);
    }

    int u8() {
        if (pos >= end) {
            throw error("unexpected end");
        }
        return bytes[pos++] & 0xff;
    }

    int peek() {
        if (pos >= end) {
            throw error("unexpected end");
        }
        return bytes[pos] & 0xff;
    }

    /** An unsigned LEB128 number that must fit in 32 bits. */
    int u32() {
        int start = pos;
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 28) {
                throw error("integer representation too long", start);
            }
        }
        if (result > 0xffff_ffffL) {
            throw error("integer too large", start);
        }
        return (int) result;
    }

    /** A u32 used as a count or index: must also fit in a Java int. */
    int index() {
        int start = pos;
        int v = u32();
        if (v < 0) {
            throw error("index or count " + Integer.toUnsignedString(v) + " too large", start);
        }
        return v;
    }

    /** A vector length, checked against the bytes left (every element takes at least one). */
    int count() {
        int start = pos;
        int n = index();
        if (n > end - pos) {
            throw error(
                    "vector of " + n + " elements cannot fit in " + (end - pos) + " bytes", start);
        }
        return n;
    }

    /** A signed 33-bit LEB128 number (used by value types: negative = primitive opcode). */
    long s33() {
        int start = pos;
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            result |= (long) (b & 0x7f) << shift;
            shift += 7;
            if (shift > 35) {
                throw error("integer representation too long", start);
            }
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    String name() {
        int start = pos;
        int len = index();
        if (len > end - pos) {
            throw error("name of " + len + " bytes runs past the end", start);
        }
        try {
            String s =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, pos, len))
                            .toString();
            pos += len;
            return s;
        } catch (CharacterCodingException e) {
            throw error("name is not valid UTF-8", start);
        }
    }

    /** {@code <T>?}: 0x00 absent, 0x01 present. */
    boolean optionalFlag() {
        int at = pos;
        int b = u8();
        if (b > 1) {
            throw error(
                    "expected 0x00 or 0x01 for an optional value, found 0x"
                            + Integer.toHexString(b),
                    at);
        }
        return b == 1;
    }
}
