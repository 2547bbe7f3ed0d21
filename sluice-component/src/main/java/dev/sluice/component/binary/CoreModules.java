package dev.sluice.component.binary;

import dev.sluice.component.engine.ExternKind;
import dev.sluice.component.engine.Module;
import dev.sluice.component.model.CoreModuleType;
import dev.sluice.component.model.Sort;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/** The linking view of a parsed core module: its imports and exports with function types. */
final class CoreModules {

    private CoreModules() {}

    static CoreModuleType typeOf(Module module) {
        var imports = new ArrayList<CoreModuleType.CoreImport>();
        for (var imp : module.imports()) {
            imports.add(
                    new CoreModuleType.CoreImport(
                            imp.module(),
                            imp.name(),
                            new CoreModuleType.CoreExtern(sort(imp.kind()), imp.type())));
        }
        var exports = new LinkedHashMap<String, CoreModuleType.CoreExtern>();
        for (var e : module.exports()) {
            exports.put(e.name(), new CoreModuleType.CoreExtern(sort(e.kind()), e.type()));
        }
        return new CoreModuleType(imports, exports);
    }

    static Sort sort(ExternKind kind) {
        return switch (kind) {
            case FUNCTION -> Sort.CORE_FUNC;
            case TABLE -> Sort.CORE_TABLE;
            case MEMORY -> Sort.CORE_MEMORY;
            case GLOBAL -> Sort.CORE_GLOBAL;
            case TAG -> Sort.CORE_TAG;
        };
    }
}
