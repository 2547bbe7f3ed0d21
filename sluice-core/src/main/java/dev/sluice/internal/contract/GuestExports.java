package dev.sluice.internal.contract;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;

/** Looks up exports contracts may or may not find. */
public final class GuestExports {

    private GuestExports() {}

    /** The exported function, or null when the module does not export that name. */
    public static ExportFunction optional(Instance instance, String name) {
        var exports = instance.module().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).name().equals(name)) {
                return instance.export(name);
            }
        }
        return null;
    }
}
