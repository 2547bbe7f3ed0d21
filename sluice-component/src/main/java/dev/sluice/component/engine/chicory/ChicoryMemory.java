package dev.sluice.component.engine.chicory;

import com.dylibso.chicory.wasm.ChicoryException;
import dev.sluice.component.engine.Memory;

/**
 * A Chicory memory behind the seam. Every access maps Chicory's out-of-bounds exception, so a host
 * reading guest memory outside a call sees the same trap as the guest would.
 */
final class ChicoryMemory implements Memory {

    final com.dylibso.chicory.runtime.Memory memory;

    ChicoryMemory(com.dylibso.chicory.runtime.Memory memory) {
        this.memory = memory;
    }

    @Override
    public int pages() {
        return memory.pages();
    }

    @Override
    public int grow(int pages) {
        try {
            return memory.grow(pages);
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }

    @Override
    public byte read(int addr) {
        try {
            return memory.read(addr);
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }

    @Override
    public byte[] readBytes(int addr, int length) {
        try {
            return memory.readBytes(addr, length);
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }

    @Override
    public short readShort(int addr) {
        try {
            return memory.readShort(addr);
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }

    @Override
    public int readInt(int addr) {
        try {
            return memory.readInt(addr);
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }

    @Override
    public long readLong(int addr) {
        try {
            return memory.readLong(addr);
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }

    @Override
    public void write(int addr, byte[] bytes, int offset, int length) {
        try {
            memory.write(addr, bytes, offset, length);
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }

    @Override
    public void writeByte(int addr, byte value) {
        try {
            memory.writeByte(addr, value);
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }

    @Override
    public void writeShort(int addr, short value) {
        try {
            memory.writeShort(addr, value);
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }

    @Override
    public void writeI32(int addr, int value) {
        try {
            memory.writeI32(addr, value);
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }

    @Override
    public void writeLong(int addr, long value) {
        try {
            memory.writeLong(addr, value);
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }
}
