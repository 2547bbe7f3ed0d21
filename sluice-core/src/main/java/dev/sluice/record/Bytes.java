package dev.sluice.record;

import dev.sluice.internal.text.Utf8;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable run of bytes: a record's key, value or header value.
 *
 * <p>Records are bytes (Kafka's and Sluice's own contract); the string contracts (Blink, OurChat)
 * see them as UTF-8 text, which {@link #isUtf8()} and {@link #text()} give. Whether the bytes are
 * valid UTF-8 is worked out once per instance, however many plugins ask.
 */
public final class Bytes {

    /** No bytes. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private static final byte UNKNOWN = 0;
    private static final byte VALID = 1;
    private static final byte INVALID = 2;

    static {
        // The engine reads the bytes straight into plugin memory: no copy per plugin call.
        dev.sluice.internal.text.RawBytes.install(b -> b.bytes);
    }

    private final byte[] bytes;

    /** Written at most once per outcome; a race only repeats the same check. */
    private byte utf8;

    private int hash;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}: later changes to the array do not show. */
    public static Bytes copyOf(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /**
     * The array itself, without copying: the caller hands it over and must not change it afterwards
     * (for arrays just decoded from a request or read from storage).
     */
    public static Bytes wrap(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return bytes.length == 0 ? EMPTY : new Bytes(bytes);
    }

    /** {@code text} encoded as UTF-8. */
    public static Bytes utf8(String text) {
        if (text.isEmpty()) {
            return EMPTY;
        }
        var b = new Bytes(text.getBytes(StandardCharsets.UTF_8));
        // Unpaired surrogates are encoded as '?', so the result is always well-formed.
        b.utf8 = VALID;
        return b;
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** A read-only view of the bytes, without copying them. */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** Whether the bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates). */
    public boolean isUtf8() {
        return firstInvalidUtf8() < 0;
    }

    /**
     * The offset of the first byte that is not part of well-formed UTF-8, or -1 if there is none.
     */
    public int firstInvalidUtf8() {
        if (utf8 == VALID) {
            return -1;
        }
        int at = Utf8.firstInvalid(bytes);
        utf8 = at < 0 ? VALID : INVALID;
        return at;
    }

    /**
     * The bytes as text.
     *
     * @throws IllegalStateException if they are not well-formed UTF-8, naming the first bad byte
     */
    public String text() {
        int bad = firstInvalidUtf8();
        if (bad >= 0) {
            throw new IllegalStateException(
                    "not valid UTF-8: byte 0x"
                            + Integer.toHexString(bytes[bad] & 0xff)
                            + " at offset "
                            + bad);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    /** The text when it is short UTF-8, else the length: for logs and test failures. */
    @Override
    public String toString() {
        if (bytes.length <= 64 && isUtf8()) {
            return '"' + new String(bytes, StandardCharsets.UTF_8) + '"';
        }
        return bytes.length + " bytes";
    }
}
