package dev.sluice.component.runtime;

import com.dylibso.chicory.wasm.types.FunctionType;

/** A core function at run time: a core instance's export, a lowered function or a built-in. */
interface CoreFn {

    FunctionType type();

    long[] apply(long[] args);
}
