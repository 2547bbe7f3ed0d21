package dev.sluice.internal.contract.blink;

import static dev.sluice.internal.contract.ModuleView.i32s;

import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.ValType;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.ContractCheck;
import dev.sluice.internal.contract.ModuleView;
import java.util.Map;
import java.util.Optional;

/**
 * The core-module ABI of {@code blink:plugin@0.1.0}, as wit-component lowers the WIT world:
 *
 * <pre>
 * import "blink:plugin/host@0.1.0" "log"     (i32 level, i32 ptr, i32 len)
 * export "blink:plugin/plugin@0.1.0#init"      () -> i32   ;; return area {u8 tag @0, u16 port @2}
 * export "blink:plugin/plugin@0.1.0#on-record" (topic ptr, len, partition, key tag, key ptr, len,
 *                                               value ptr, len) -> i32 bool
 * export "cabi_realloc" (old ptr, old size, align, new size) -> ptr
 * </pre>
 */
public final class BlinkAbi {

    public static final String HOST_MODULE = "blink:plugin/host@0.1.0";
    public static final String INIT = "blink:plugin/plugin@0.1.0#init";
    public static final String ON_RECORD = "blink:plugin/plugin@0.1.0#on-record";
    public static final String REALLOC = "cabi_realloc";
    public static final String INITIALIZE = "_initialize";
    public static final String POST_RETURN_PREFIX = "cabi_post_";

    static final FunctionType LOG_TYPE = i32s(3);
    static final FunctionType INIT_TYPE = i32s(0, ValType.I32);
    static final FunctionType ON_RECORD_TYPE = i32s(8, ValType.I32);
    static final FunctionType REALLOC_TYPE = i32s(4, ValType.I32);

    private BlinkAbi() {}

    /** Whether a module looks like it is meant to be a Blink plugin at all. */
    public static boolean claims(ModuleView view) {
        return view.importsFrom(HOST_MODULE) || view.hasExport(ON_RECORD) || view.hasExport(INIT);
    }

    /** Checks every export and import the contract needs; returns the binding when all is well. */
    public static Optional<ContractBinding> check(ContractCheck check) {
        check.requireExport(ON_RECORD, ON_RECORD_TYPE);
        check.requireExport(INIT, INIT_TYPE);
        check.requireExport(REALLOC, REALLOC_TYPE);
        check.requireMemoryExport();
        check.optionalExport(INITIALIZE, java.util.List.of(FunctionType.empty()));
        check.checkImports(HOST_MODULE, Map.of("log", LOG_TYPE));
        if (check.view().hasExport(INITIALIZE)) {
            check.note("WASI reactor: `_initialize` runs once per instance before `init`");
        }
        return check.problems().isEmpty() ? Optional.of(new BlinkBinding()) : Optional.empty();
    }
}
