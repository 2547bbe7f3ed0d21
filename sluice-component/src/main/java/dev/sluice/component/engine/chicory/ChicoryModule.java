package dev.sluice.component.engine.chicory;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.TypeSection;
import dev.sluice.component.engine.ExternKind;
import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.component.engine.Module;
import dev.sluice.component.engine.WasmMalformed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A module Chicory parsed, seen through the seam. Chicory's parser does not check that the type and
 * function indices a module uses are in range (its validator runs later, at instantiation), so each
 * one followed here is checked, and a module that fails is malformed.
 */
final class ChicoryModule implements Module {

    final WasmModule wasm;
    private final List<Import> imports;
    private final List<Export> exports;
    private final Optional<MemoryLimits> memoryLimits;

    ChicoryModule(WasmModule wasm) {
        this.wasm = wasm;
        var types = wasm.typeSection();
        var imports = new ArrayList<Import>();
        var functionTypes = new ArrayList<com.dylibso.chicory.wasm.types.FunctionType>();
        var section = wasm.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            var imp = section.getImport(i);
            FunctionType ft = null;
            if (imp instanceof FunctionImport f) {
                var type = type(types, f.typeIndex(), "import " + imp.module() + "." + imp.name());
                functionTypes.add(type);
                ft = Types.seam(type);
            }
            imports.add(new Import(imp.module(), imp.name(), kind(imp.importType()), ft));
        }
        var functions = wasm.functionSection();
        for (int i = 0; i < functions.functionCount(); i++) {
            functionTypes.add(type(types, functions.getFunctionType(i), "function " + i));
        }
        var exports = new ArrayList<Export>();
        var exportSection = wasm.exportSection();
        for (int i = 0; i < exportSection.exportCount(); i++) {
            var e = exportSection.getExport(i);
            ExternKind kind = kind(e.exportType());
            FunctionType ft = null;
            if (kind == ExternKind.FUNCTION) {
                if (e.index() < 0 || e.index() >= functionTypes.size()) {
                    throw new WasmMalformed(
                            "export '"
                                    + e.name()
                                    + "' names function "
                                    + Integer.toUnsignedString(e.index())
                                    + ", but the module has "
                                    + functionTypes.size());
                }
                ft = Types.seam(functionTypes.get(e.index()));
            }
            exports.add(new Export(e.name(), kind, ft));
        }
        this.imports = List.copyOf(imports);
        this.exports = List.copyOf(exports);
        this.memoryLimits =
                wasm.memorySection()
                        .filter(s -> s.memoryCount() > 0)
                        .map(s -> Types.seam(s.getMemory(0).limits()));
    }

    private static com.dylibso.chicory.wasm.types.FunctionType type(
            TypeSection types, int index, String user) {
        if (index < 0 || index >= types.typeCount()) {
            throw new WasmMalformed(
                    user
                            + " uses type "
                            + Integer.toUnsignedString(index)
                            + ", but the module declares "
                            + types.typeCount());
        }
        return types.getType(index);
    }

    private static ExternKind kind(ExternalType type) {
        return switch (type) {
            case FUNCTION -> ExternKind.FUNCTION;
            case TABLE -> ExternKind.TABLE;
            case MEMORY -> ExternKind.MEMORY;
            case GLOBAL -> ExternKind.GLOBAL;
            case TAG -> ExternKind.TAG;
        };
    }

    @Override
    public List<Import> imports() {
        return imports;
    }

    @Override
    public List<Export> exports() {
        return exports;
    }

    @Override
    public Optional<MemoryLimits> memoryLimits() {
        return memoryLimits;
    }

    @Override
    public String digest() {
        return wasm.digest();
    }

    /** The type of the exported function {@code name}, or null. */
    FunctionType exportedFunction(String name) {
        for (var e : exports) {
            if (e.kind() == ExternKind.FUNCTION && e.name().equals(name)) {
                return e.type();
            }
        }
        return null;
    }
}
