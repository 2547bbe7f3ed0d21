package dev.sluice.component.abi;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.engine.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * One call crossing the component boundary: the canon options in force, the handle table of the
 * component instance on the guest side, and the borrows the call created or lent, which must be
 * settled when it returns.
 */
public final class CallContext {

    final ResolvedCanonOptions options;
    final HandleTable table;
    private List<Handle> lenders;
    int borrows;

    public CallContext(ResolvedCanonOptions options, HandleTable table) {
        this.options = options;
        this.table = table;
    }

    /**
     * Settles the call's borrows once it returned: handles lent to the callee are released, and a
     * guest that still holds a borrow handle it was given for this call traps.
     */
    public void exitCall() {
        if (lenders != null) {
            for (var h : lenders) {
                h.lends--;
            }
            lenders = null;
        }
        if (borrows != 0) {
            throw new ComponentTrap(
                    "the call returned while still holding " + borrows + " borrowed handle(s)");
        }
    }

    void lend(Handle h) {
        if (lenders == null) {
            lenders = new ArrayList<>(2);
        }
        h.lends++;
        lenders.add(h);
    }

    /** The guest memory values cross through; traps when the canon definition gives none. */
    public Memory memory() {
        var memory = options.memory();
        if (memory == null) {
            throw new ComponentTrap(
                    "a value needs linear memory but the canon definition gives none");
        }
        return memory;
    }

    /** Traps unless {@code length} bytes at {@code ptr} are aligned and inside memory. */
    public void check(int ptr, long length, int alignment, String what) {
        if (!fits(ptr, length, alignment)) {
            throw outside(ptr, length, alignment, what);
        }
    }

    /** Whether a range is aligned and inside memory: the check, without building a message. */
    private boolean fits(int ptr, long length, int alignment) {
        return (ptr & (alignment - 1)) == 0
                && Integer.toUnsignedLong(ptr) + length <= memory().pages() * 65536L;
    }

    private ComponentTrap outside(int ptr, long length, int alignment, String what) {
        if ((ptr & (alignment - 1)) != 0) {
            return new ComponentTrap(
                    what
                            + " at 0x"
                            + Integer.toHexString(ptr)
                            + " is not aligned to "
                            + alignment
                            + " bytes");
        }
        return new ComponentTrap(
                what
                        + " at 0x"
                        + Integer.toHexString(ptr)
                        + " with length "
                        + length
                        + " lies outside memory ("
                        + memory().pages() * 65536L
                        + " bytes)");
    }

    /**
     * Copies a string into memory the guest allocates, in the canon options' encoding; a {@code
     * byte[]} is taken as UTF-8. Returns {@code ptr << 32 | length} (length as the ABI tags it).
     */
    public long storeString(Object value) {
        return Strings.store(this, value);
    }

    /** A string the guest handed over, trapping on a bad range or encoding. */
    public String loadString(int ptr, int taggedLength) {
        return Strings.load(this, ptr, taggedLength);
    }

    /** Copies bytes ({@code list<u8>}) into memory the guest allocates; returns the pointer. */
    public int storeBytes(byte[] bytes) {
        int ptr = allocate(1, bytes.length, "a list");
        memory().write(ptr, bytes);
        return ptr;
    }

    /** The {@code list<u8>} at {@code ptr}, checked against memory and the ABI's longest list. */
    public byte[] loadBytes(int ptr, int length) {
        if (Integer.toUnsignedLong(length) > ListCodec.MAX_BYTES) {
            throw new ComponentTrap(
                    "a list of "
                            + Integer.toUnsignedLong(length)
                            + " bytes is longer than the canonical ABI allows");
        }
        check(ptr, length, 1, "a list");
        return memory().readBytes(ptr, length);
    }

    /** Memory the guest allocates with its realloc, checked like any pointer it hands over. */
    public int allocate(int alignment, int size, String what) {
        var realloc = options.realloc();
        if (realloc == null) {
            throw new ComponentTrap(
                    what
                            + " must be allocated in the guest, but the canon definition gives no realloc");
        }
        int ptr = realloc.realloc(0, 0, alignment, size);
        // Called for every string and list lowered: the message is only built when it fails.
        if (!fits(ptr, size, alignment)) {
            throw outside(ptr, size, alignment, what + " allocated by realloc");
        }
        return ptr;
    }
}
