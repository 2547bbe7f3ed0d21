package dev.sluice.internal.contract;

import dev.sluice.component.engine.Memory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checked reads and writes of guest linear memory. Every violation becomes a {@link GuestFault}.
 */
public final class GuestMemory {

    private GuestMemory() {}

    /** Fails unless {@code [ptr, ptr+len)} lies inside the memory. */
    public static void checkRange(Memory memory, int ptr, int len, String what) {
        long size = (long) memory.pages() * Memory.PAGE_SIZE;
        long start = Integer.toUnsignedLong(ptr);
        long length = Integer.toUnsignedLong(len);
        if (start + length > size) {
            throw new GuestFault(
                    what
                            + " at 0x"
                            + Long.toHexString(start)
                            + " with length "
                            + length
                            + " lies outside the plugin's memory ("
                            + size
                            + " bytes)");
        }
    }

    /** Reads a UTF-8 string the guest passed out; invalid UTF-8 traps the call. */
    public static String readString(Memory memory, int ptr, int len, String what) {
        checkRange(memory, ptr, len, what);
        if (len == 0) {
            return "";
        }
        return decodeUtf8(memory.readBytes(ptr, len), what);
    }

    /**
     * Reads a UTF-8 string the guest passed out, keeping at most {@code maxBytes} of it: only that
     * much is read and decoded, and a longer string ends with {@link PluginText#cutNote}. The whole
     * range must still lie inside the memory.
     */
    public static String readString(Memory memory, int ptr, int len, int maxBytes, String what) {
        checkRange(memory, ptr, len, what);
        long length = Integer.toUnsignedLong(len);
        if (length <= maxBytes) {
            return readString(memory, ptr, len, what);
        }
        // One byte more than kept shows whether the cut falls inside a character.
        byte[] head = memory.readBytes(ptr, maxBytes + 1);
        int keep = PluginText.boundary(head, maxBytes);
        return decodeUtf8(java.util.Arrays.copyOf(head, keep), what) + PluginText.cutNote(length);
    }

    /** Decodes strictly: the canonical ABI says invalid UTF-8 from the guest is a trap. */
    public static String decodeUtf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new GuestFault(what + " is not valid UTF-8");
        }
    }

    /** Writes bytes to a range the host was given (checked, since a guest allocator may lie). */
    public static void write(Memory memory, int ptr, byte[] bytes, String what) {
        checkRange(memory, ptr, bytes.length, what);
        if (bytes.length > 0) {
            memory.write(ptr, bytes);
        }
    }
}
