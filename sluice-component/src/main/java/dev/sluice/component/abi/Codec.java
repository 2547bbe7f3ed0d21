package dev.sluice.component.abi;

import dev.sluice.component.engine.ValType;
import java.util.List;

/**
 * Moves values of one component type across the boundary, in both directions and both
 * representations: flat (core values, as parameters and results) and in linear memory. Built once
 * per type by {@link Codecs#of}, so a call walks values, not types.
 */
abstract class Codec {

    /** Size in memory, in bytes. */
    final int size;

    /** Alignment in memory, in bytes. */
    final int alignment;

    /** The core types the value flattens to. */
    final List<ValType> flat;

    Codec(int size, int alignment, List<ValType> flat) {
        this.size = size;
        this.alignment = alignment;
        this.flat = List.copyOf(flat);
    }

    /**
     * Writes {@code flat.size()} core values for {@code value} into {@code out} from {@code at}.
     */
    abstract void lower(CallContext cx, Object value, long[] out, int at);

    /** Reads {@code flat.size()} core values from {@code in} at {@code at}. */
    abstract Object lift(CallContext cx, long[] in, int at);

    /** Stores {@code value} at {@code ptr}, which the caller checked for bounds and alignment. */
    abstract void store(CallContext cx, Object value, int ptr);

    /** Loads a value from {@code ptr}, which the caller checked for bounds and alignment. */
    abstract Object load(CallContext cx, int ptr);

    static int alignTo(int offset, int alignment) {
        return (offset + alignment - 1) & -alignment;
    }
}
