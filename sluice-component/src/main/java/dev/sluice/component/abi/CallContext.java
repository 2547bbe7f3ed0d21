package dev.sluice.component.abi;

import com.dylibso.chicory.runtime.Memory;
import dev.sluice.component.ComponentTrap;
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

    Memory memory() {
        var memory = options.memory();
        if (memory == null) {
            throw new ComponentTrap(
                    "a value needs linear memory but the canon definition gives none");
        }
        return memory;
    }

    /** Traps unless {@code length} bytes at {@code ptr} are aligned and inside memory. */
    void check(int ptr, long length, int alignment, String what) {
        if ((ptr & (alignment - 1)) != 0) {
            throw new ComponentTrap(
                    what
                            + " at 0x"
                            + Integer.toHexString(ptr)
                            + " is not aligned to "
                            + alignment
                            + " bytes");
        }
        long size = memory().pages() * 65536L;
        if (Integer.toUnsignedLong(ptr) + length > size) {
            throw new ComponentTrap(
                    what
                            + " at 0x"
                            + Integer.toHexString(ptr)
                            + " with length "
                            + length
                            + " lies outside memory ("
                            + size
                            + " bytes)");
        }
    }

    /** Memory the guest allocates with its realloc, checked like any pointer it hands over. */
    int allocate(int alignment, int size, String what) {
        var realloc = options.realloc();
        if (realloc == null) {
            throw new ComponentTrap(
                    what
                            + " must be allocated in the guest, but the canon definition gives no realloc");
        }
        int ptr = realloc.realloc(0, 0, alignment, size);
        check(ptr, size, alignment, what + " allocated by realloc");
        return ptr;
    }
}
