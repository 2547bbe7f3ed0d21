package dev.sluice.component;

import dev.sluice.component.abi.CallContext;

/**
 * A call of one exported function whose caller lowers the arguments into core values and lifts the
 * core results itself — a fast path for a function type it knows, skipping the generic values of
 * {@link Values}. The runtime still enters the instance, settles the call and runs the function's
 * post-return; {@link CallContext} gives the same checked access to guest memory (bounds,
 * alignment, realloc, string encoding) the generic path uses, and the implementation must check
 * everything the guest hands back as the canonical ABI does.
 */
public interface DirectCall<R> {

    /** The core arguments of the call (the function's flat, or spilled, parameters). */
    long[] lower(CallContext cx);

    /**
     * The result, from the core results, read out completely: the post-return function runs right
     * after and may free what they point to.
     */
    R lift(CallContext cx, long[] results);
}
