package dev.sluice.graalwasm;

import dev.sluice.component.engine.Memory;
import dev.sluice.component.engine.WasmInterrupted;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * A GraalWasm memory behind the seam, read and written through a direct {@link ByteBuffer} over it
 * (GraalWasm's {@code mem_as_byte_buffer}): the polyglot buffer API has no bulk write, and eight
 * bytes per polyglot call cost 0.6 ms per 10 KB where one {@code put} costs 0.3 µs (measured
 * without the JIT, docs/embedding.md). Bounds are the buffer's, so an access outside the memory is
 * the seam's trap. The view is taken again after any grow of a memory of its context (GraalWasm may
 * move the memory), which the context's grow callback counts.
 */
final class GraalWasmMemory implements Memory {

    final Value memory;
    final GraalWasmContext context;
    private ByteBuffer view;
    private int viewGeneration = -1;

    GraalWasmMemory(Value memory, GraalWasmContext context) {
        this.memory = memory;
        this.context = context;
    }

    private ByteBuffer view() {
        if (context.cancelled()) {
            // The memory is freed with its context: never touch it once the instance was stopped.
            throw new WasmInterrupted(
                    "the instance was stopped by an interrupt or dropped, and is closed");
        }
        int generation = context.growGeneration();
        if (view == null || generation != viewGeneration) {
            ByteBuffer b =
                    context.webAssembly()
                            .getMember("mem_as_byte_buffer")
                            .execute(memory)
                            .asHostObject();
            view = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            viewGeneration = generation;
        }
        return view;
    }

    private static RuntimeException outside(long addr, long length, RuntimeException e) {
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
        return view().capacity() / PAGE_SIZE;
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
            return view().get(addr);
        } catch (IndexOutOfBoundsException e) {
            throw outside(addr, 1, e);
        }
    }

    @Override
    public byte[] readBytes(int addr, int length) {
        var bytes = new byte[length];
        try {
            view().get(addr, bytes, 0, length);
        } catch (IndexOutOfBoundsException e) {
            throw outside(addr, length, e);
        }
        return bytes;
    }

    @Override
    public short readShort(int addr) {
        try {
            return view().getShort(addr);
        } catch (IndexOutOfBoundsException e) {
            throw outside(addr, 2, e);
        }
    }

    @Override
    public int readInt(int addr) {
        try {
            return view().getInt(addr);
        } catch (IndexOutOfBoundsException e) {
            throw outside(addr, 4, e);
        }
    }

    @Override
    public long readLong(int addr) {
        try {
            return view().getLong(addr);
        } catch (IndexOutOfBoundsException e) {
            throw outside(addr, 8, e);
        }
    }

    @Override
    public void write(int addr, byte[] bytes, int offset, int length) {
        try {
            view().put(addr, bytes, offset, length);
        } catch (IndexOutOfBoundsException e) {
            throw outside(addr, length, e);
        }
    }

    @Override
    public void writeByte(int addr, byte value) {
        try {
            view().put(addr, value);
        } catch (IndexOutOfBoundsException e) {
            throw outside(addr, 1, e);
        }
    }

    @Override
    public void writeShort(int addr, short value) {
        try {
            view().putShort(addr, value);
        } catch (IndexOutOfBoundsException e) {
            throw outside(addr, 2, e);
        }
    }

    @Override
    public void writeI32(int addr, int value) {
        try {
            view().putInt(addr, value);
        } catch (IndexOutOfBoundsException e) {
            throw outside(addr, 4, e);
        }
    }

    @Override
    public void writeLong(int addr, long value) {
        try {
            view().putLong(addr, value);
        } catch (IndexOutOfBoundsException e) {
            throw outside(addr, 8, e);
        }
    }
}
