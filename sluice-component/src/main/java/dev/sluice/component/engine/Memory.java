package dev.sluice.component.engine;

/**
 * A linear memory. Every access is bounds-checked by the engine (an access outside traps); the host
 * checks ranges the guest hands it first so it can say which pointer was wrong. Addresses are
 * unsigned 32-bit offsets held in an {@code int}. Bulk reads and writes are single copies: prefer
 * them to loops of small accesses.
 */
public interface Memory {

    /** WebAssembly pages are 64 KiB. */
    int PAGE_SIZE = 65536;

    /** The current size in pages. */
    int pages();

    /** Grows by {@code pages}; the old size in pages, or -1 when the memory's maximum forbids. */
    int grow(int pages);

    byte read(int addr);

    byte[] readBytes(int addr, int length);

    short readShort(int addr);

    int readInt(int addr);

    long readLong(int addr);

    void write(int addr, byte[] bytes, int offset, int length);

    default void write(int addr, byte[] bytes) {
        write(addr, bytes, 0, bytes.length);
    }

    void writeByte(int addr, byte value);

    void writeShort(int addr, short value);

    void writeI32(int addr, int value);

    void writeLong(int addr, long value);
}
