package dev.sluice.component.binary;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.sluice.component.model.CoreModuleType;
import dev.sluice.component.model.Sort;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/** The linking view of a parsed core module: its imports and exports with function types. */
final class CoreModules {

    private CoreModules() {}

    static CoreModuleType typeOf(WasmModule module) {
        var types = module.typeSection();
        var imports = new ArrayList<CoreModuleType.CoreImport>();
        var functionTypes = new ArrayList<FunctionType>();
        var section = module.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            var imp = section.getImport(i);
            FunctionType ft = null;
            if (imp instanceof FunctionImport f) {
                ft = types.getType(f.typeIndex());
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
            functionTypes.add(types.getType(functions.getFunctionType(i)));
        }
        var exports = new LinkedHashMap<String, CoreModuleType.CoreExtern>();
        var exportSection = module.exportSection();
        for (int i = 0; i < exportSection.exportCount(); i++) {
            var e = exportSection.getExport(i);
            Sort sort = sort(e.exportType());
            FunctionType ft = sort == Sort.CORE_FUNC ? functionTypes.get(e.index()) : null;
            exports.put(e.name(), new CoreModuleType.CoreExtern(sort, ft));
        }
        return new CoreModuleType(imports, exports);
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
