package dev.sluice.internal.contract;

import dev.sluice.component.engine.Instance;
import dev.sluice.component.engine.WasmFunction;

/** Looks up exports contracts may or may not find. */
public final class GuestExports {

    private GuestExports() {}

    /** The exported function, or null when the module does not export that name. */
    public static WasmFunction optional(Instance instance, String name) {
        return instance.function(name);
    }
}
