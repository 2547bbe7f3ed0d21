package dev.sluice.component.abi;

import dev.sluice.component.engine.Memory;
import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.component.engine.chicory.ChicoryEngine;
import java.util.ArrayList;
import java.util.List;

/** A real engine memory with a bump allocator standing in for a guest's realloc. */
final class GuestMemory {

    final Memory memory = ChicoryEngine.interpreter().newMemory(new MemoryLimits(1, 4));
    final List<int[]> allocations = new ArrayList<>();
    private int next = 1024;

    Realloc realloc() {
        return (ptr, oldSize, alignment, size) -> {
            next = (next + alignment - 1) & -alignment;
            int at = next;
            next += size;
            allocations.add(new int[] {at, alignment, size});
            return at;
        };
    }

    CallContext cx(StringEncoding encoding) {
        return new CallContext(
                new ResolvedCanonOptions(memory, encoding, realloc()), new HandleTable());
    }

    CallContext cx() {
        return cx(StringEncoding.UTF8);
    }
}
