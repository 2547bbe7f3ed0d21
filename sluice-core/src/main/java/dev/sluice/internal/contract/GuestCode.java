package dev.sluice.internal.contract;

import dev.sluice.component.ComponentInstance;
import dev.sluice.component.Linker;
import dev.sluice.component.engine.HostFunction;
import dev.sluice.component.engine.Instance;
import java.util.List;

/**
 * What a contract makes its instances from: compiled code the runtime prepared once, with the
 * plugin's memory cap and engine already applied. A contract adds only its own imports; it never
 * sees how the code was compiled or pooled. It is one of the two kinds below.
 */
public interface GuestCode {

    /** A core module. */
    interface ModuleCode extends GuestCode {
        /**
         * A new, initialised instance linked to the contract's functions (and to WASI when the
         * module imports it, writing to {@code log}).
         */
        Instance instantiate(List<HostFunction> contractFunctions, PluginLog log);
    }

    /** A component. */
    interface ComponentCode extends GuestCode {
        /** A new instance, with its imports from {@code linker}. */
        ComponentInstance instantiate(Linker linker);
    }
}
