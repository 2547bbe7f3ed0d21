package dev.sluice.component.engine.chicory;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.WasmFunction;

/**
 * An exported Chicory function. Only Chicory's own exceptions are mapped: what a host function
 * threw passes through unchanged, so the host can tell its own failures apart.
 */
record ChicoryFunction(ExportFunction function, FunctionType type) implements WasmFunction {
    @Override
    public long[] apply(long... args) {
        try {
            return function.apply(args);
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }
}
