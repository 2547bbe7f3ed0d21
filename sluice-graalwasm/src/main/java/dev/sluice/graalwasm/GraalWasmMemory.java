package dev.sluice.graalwasm;

import dev.sluice.component.engine.Memory;
import java.nio.ByteOrder;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * A GraalWasm memory behind the seam, through the polyglot buffer API: bounds-checked by GraalWasm,
 * an access outside the memory is the seam's trap. The polyglot API has a bulk read but no bulk
 * write; writes go eight bytes at a time.
 */
final class GraalWasmMemory implements Memory {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    final Value memory;
    final GraalWasmContext context;

    GraalWasmMemory(Value memory, GraalWasmContext context) {
        this.memory = memory;
        this.context = context;
    }

    private static RuntimeException outside(long addr, long length, RuntimeException e) {
        if (e instanceof PolyglotException p && !p.isGuestException()) {
            return Errors.map(p);
        }
        return Errors.trap(
                "out-of-bounds: "
                        + length
                        + " bytes at address "
                        + Long.toUnsignedString(addr & 0xFFFF_FFFFL)
                        + " ("
                        + e.getMessage()
                        + ")",
                e);
    }

    @Override
    public int pages() {
        return (int) (memory.getBufferSize() / PAGE_SIZE);
    }

    @Override
    public int grow(int pages) {
        try {
            return context.webAssembly().getMember("mem_grow").execute(memory, pages).asInt();
        } catch (PolyglotException e) {
            if (e.isGuestException()) {
                return -1; // above the maximum (GraalWasm says so by failing)
            }
            throw Errors.map(e);
        }
    }

    @Override
    public byte read(int addr) {
        try {
            return memory.readBufferByte(Integer.toUnsignedLong(addr));
        } catch (RuntimeException e) {
            throw outside(addr, 1, e);
        }
    }

    @Override
    public byte[] readBytes(int addr, int length) {
        var bytes = new byte[length];
        try {
            memory.readBuffer(Integer.toUnsignedLong(addr), bytes, 0, length);
        } catch (RuntimeException e) {
            throw outside(addr, length, e);
        }
        return bytes;
    }

    @Override
    public short readShort(int addr) {
        try {
            return memory.readBufferShort(LE, Integer.toUnsignedLong(addr));
        } catch (RuntimeException e) {
            throw outside(addr, 2, e);
        }
    }

    @Override
    public int readInt(int addr) {
        try {
            return memory.readBufferInt(LE, Integer.toUnsignedLong(addr));
        } catch (RuntimeException e) {
            throw outside(addr, 4, e);
        }
    }

    @Override
    public long readLong(int addr) {
        try {
            return memory.readBufferLong(LE, Integer.toUnsignedLong(addr));
        } catch (RuntimeException e) {
            throw outside(addr, 8, e);
        }
    }

    @Override
    public void write(int addr, byte[] bytes, int offset, int length) {
        long base = Integer.toUnsignedLong(addr);
        // Checked first, so a write that does not fit changes nothing (as Chicory's).
        if (base + length > memory.getBufferSize()) {
            throw outside(addr, length, new IndexOutOfBoundsException("memory ends first"));
        }
        try {
            int i = 0;
            for (; i + 8 <= length; i += 8) {
                long word = 0;
                for (int b = 7; b >= 0; b--) {
                    word = (word << 8) | (bytes[offset + i + b] & 0xffL);
                }
                memory.writeBufferLong(LE, base + i, word);
            }
            for (; i < length; i++) {
                memory.writeBufferByte(base + i, bytes[offset + i]);
            }
        } catch (RuntimeException e) {
            throw outside(addr, length, e);
        }
    }

    @Override
    public void writeByte(int addr, byte value) {
        try {
            memory.writeBufferByte(Integer.toUnsignedLong(addr), value);
        } catch (RuntimeException e) {
            throw outside(addr, 1, e);
        }
    }

    @Override
    public void writeShort(int addr, short value) {
        try {
            memory.writeBufferShort(LE, Integer.toUnsignedLong(addr), value);
        } catch (RuntimeException e) {
            throw outside(addr, 2, e);
        }
    }

    @Override
    public void writeI32(int addr, int value) {
        try {
            memory.writeBufferInt(LE, Integer.toUnsignedLong(addr), value);
        } catch (RuntimeException e) {
            throw outside(addr, 4, e);
        }
    }

    @Override
    public void writeLong(int addr, long value) {
        try {
            memory.writeBufferLong(LE, Integer.toUnsignedLong(addr), value);
        } catch (RuntimeException e) {
            throw outside(addr, 8, e);
        }
    }
}
