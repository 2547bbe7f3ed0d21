package dev.sluice.component.binary;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.sluice.component.model.CoreModuleType;
import dev.sluice.component.model.Sort;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * The linking view of a parsed core module: its imports and exports with function types. Chicory's
 * parser does not check that the indices a module uses are in range (its validator runs later, at
 * instantiation), so this view checks each one it follows.
 */
final class CoreModules {

    private CoreModules() {}

    /** Why a module's linking view cannot be made: an index that points past what it declares. */
    static final class IndexOutOfRange extends RuntimeException {
        IndexOutOfRange(String message) {
            super(message);
        }
    }

    static CoreModuleType typeOf(WasmModule module) {
        var types = module.typeSection();
        var imports = new ArrayList<CoreModuleType.CoreImport>();
        var functionTypes = new ArrayList<FunctionType>();
        var section = module.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            var imp = section.getImport(i);
            FunctionType ft = null;
            if (imp instanceof FunctionImport f) {
                ft = type(types, f.typeIndex(), "import " + imp.module() + "." + imp.name());
                functionTypes.add(ft);
            }
            imports.add(
                    new CoreModuleType.CoreImport(
                            imp.module(),
                            imp.name(),
                            new CoreModuleType.CoreExtern(sort(imp.importType()), ft)));
        }
        var functions = module.functionSection();
        for (int i = 0; i < functions.functionCount(); i++) {
            functionTypes.add(type(types, functions.getFunctionType(i), "function " + i));
        }
        var exports = new LinkedHashMap<String, CoreModuleType.CoreExtern>();
        var exportSection = module.exportSection();
        for (int i = 0; i < exportSection.exportCount(); i++) {
            var e = exportSection.getExport(i);
            Sort sort = sort(e.exportType());
            FunctionType ft = null;
            if (sort == Sort.CORE_FUNC) {
                if (e.index() < 0 || e.index() >= functionTypes.size()) {
                    throw new IndexOutOfRange(
                            "export '"
                                    + e.name()
                                    + "' names function "
                                    + Integer.toUnsignedString(e.index())
                                    + ", but the module has "
                                    + functionTypes.size());
                }
                ft = functionTypes.get(e.index());
            }
            exports.put(e.name(), new CoreModuleType.CoreExtern(sort, ft));
        }
        return new CoreModuleType(imports, exports);
    }

    private static FunctionType type(
            com.dylibso.chicory.wasm.types.TypeSection types, int index, String user) {
        if (index < 0 || index >= types.typeCount()) {
            throw new IndexOutOfRange(
                    user
                            + " uses type "
                            + Integer.toUnsignedString(index)
                            + ", but the module declares "
                            + types.typeCount());
        }
        return types.getType(index);
    }

    static Sort sort(ExternalType type) {
        return switch (type) {
            case FUNCTION -> Sort.CORE_FUNC;
            case TABLE -> Sort.CORE_TABLE;
            case MEMORY -> Sort.CORE_MEMORY;
            case GLOBAL -> Sort.CORE_GLOBAL;
            case TAG -> Sort.CORE_TAG;
        };
    }
}
