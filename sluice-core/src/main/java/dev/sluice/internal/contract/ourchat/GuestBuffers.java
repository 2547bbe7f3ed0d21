package dev.sluice.internal.contract.ourchat;

import dev.sluice.component.engine.Memory;
import dev.sluice.component.engine.WasmFunction;
import dev.sluice.internal.contract.GuestFault;
import dev.sluice.internal.contract.GuestMemory;
import java.util.Arrays;

/**
 * Where the host puts data it passes to an OurChat plugin, without ever writing over memory the
 * guest owns.
 *
 * <p>With an allocator export, buffers come from the guest's own allocator. Buffers the host passes
 * into a hook are freed after the hook returns (when the guest exports a free); buffers the host
 * hands over for keeps ({@code get_config} results) are the guest's to free.
 *
 * <p>Without one, the host grows the memory and bump-allocates in the new pages, which no guest
 * code has seen: the guest's own allocator (if it has one inside) takes pages only through {@code
 * memory.grow}, which always returns pages above the host's. The region is reused from the start at
 * every hook call, so data placed there is valid only until the hook returns.
 */
final class GuestBuffers {

    private static final int ALIGN = 8;
    private static final int PAGE = Memory.PAGE_SIZE;

    private final Memory memory;
    private final WasmFunction alloc;
    private final WasmFunction free;
    private final boolean freeTakesSize;
    private final boolean realloc;

    private int[] toFree = new int[8];
    private int[] toFreeSizes = new int[8];
    private int toFreeCount;

    private long scratchStart = -1;
    private long scratchEnd;
    private long scratchNext;

    GuestBuffers(
            Memory memory,
            WasmFunction alloc,
            WasmFunction free,
            boolean freeTakesSize,
            boolean realloc) {
        this.memory = memory;
        this.alloc = alloc;
        this.free = free;
        this.freeTakesSize = freeTakesSize;
        this.realloc = realloc;
    }

    /** Starts a hook call: the scratch region is free again. */
    void beginCall() {
        scratchNext = scratchStart;
        toFreeCount = 0;
    }

    /** Frees what the host allocated for the call just finished. */
    void endCall() {
        for (int i = 0; i < toFreeCount; i++) {
            if (freeTakesSize) {
                free.apply(toFree[i], toFreeSizes[i]);
            } else {
                free.apply(toFree[i]);
            }
        }
        toFreeCount = 0;
    }

    /**
     * Copies bytes into guest memory.
     *
     * @param handOver true when the guest takes ownership (it frees the buffer), false when the
     *     host frees it after the call
     * @return the address
     */
    int put(byte[] bytes, boolean handOver, String what) {
        int ptr = allocate(Math.max(bytes.length, 1), what);
        GuestMemory.write(memory, ptr, bytes, what);
        if (!handOver && alloc != null && free != null) {
            if (toFreeCount == toFree.length) {
                toFree = Arrays.copyOf(toFree, toFreeCount * 2);
                toFreeSizes = Arrays.copyOf(toFreeSizes, toFreeCount * 2);
            }
            toFree[toFreeCount] = ptr;
            toFreeSizes[toFreeCount] = Math.max(bytes.length, 1);
            toFreeCount++;
        }
        return ptr;
    }

    private int allocate(int size, String what) {
        if (alloc != null) {
            int ptr =
                    realloc ? (int) alloc.apply(0, 0, ALIGN, size)[0] : (int) alloc.apply(size)[0];
            if (ptr == 0) {
                throw new GuestFault(
                        "the plugin's allocator returned 0 for " + size + " bytes (" + what + ")");
            }
            return ptr;
        }
        return scratch(size, what);
    }

    private int scratch(int size, String what) {
        long aligned = (scratchNext + ALIGN - 1) & -ALIGN;
        if (scratchStart >= 0 && aligned + size <= scratchEnd) {
            scratchNext = aligned + size;
            return (int) aligned;
        }
        long memoryEnd = (long) memory.pages() * PAGE;
        int pages = (size + PAGE - 1) / PAGE;
        boolean contiguous = scratchStart >= 0 && scratchEnd == memoryEnd;
        if (contiguous) {
            // Our region is still the top of memory: extend it.
            pages = (int) ((aligned + size - scratchEnd + PAGE - 1) / PAGE);
        }
        int oldPages = memory.grow(pages);
        if (oldPages < 0) {
            throw new GuestFault(
                    "cannot reserve "
                            + size
                            + " bytes of scratch memory for "
                            + what
                            + ": the plugin's memory cannot grow further (it is at max_memory or"
                            + " at the maximum the module declares); export an allocator or"
                            + " raise max_memory");
        }
        if (!contiguous) {
            scratchStart = (long) oldPages * PAGE;
            aligned = scratchStart;
        }
        scratchEnd = (long) (oldPages + pages) * PAGE;
        scratchNext = aligned + size;
        return (int) aligned;
    }
}
