package dev.sluice.component.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.wasm.types.FunctionType;

/** A function exported by a core instance. */
record ChicoryFn(ExportFunction function, FunctionType type) implements CoreFn {
    @Override
    public long[] apply(long[] args) {
        return function.apply(args);
    }
}
