package dev.sluice.internal.contract;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A parsed core module seen the way a contract checks it: imports and exports by name, each
 * function with its type.
 */
public final class ModuleView {

    private final WasmModule module;
    private final List<Import> imports = new ArrayList<>();
    private final Map<String, Export> exports = new LinkedHashMap<>();
    private final int importedFunctions;

    public ModuleView(WasmModule module) {
        this.module = module;
        var importSection = module.importSection();
        int functions = 0;
        for (int i = 0; i < importSection.importCount(); i++) {
            var imp = importSection.getImport(i);
            imports.add(imp);
            if (imp.importType() == ExternalType.FUNCTION) {
                functions++;
            }
        }
        this.importedFunctions = functions;
        var exportSection = module.exportSection();
        for (int i = 0; i < exportSection.exportCount(); i++) {
            var export = exportSection.getExport(i);
            exports.put(export.name(), export);
        }
    }

    public WasmModule module() {
        return module;
    }

    public List<Import> imports() {
        return imports;
    }

    /** Whether the module imports anything from the named module. */
    public boolean importsFrom(String moduleName) {
        return imports.stream().anyMatch(i -> i.module().equals(moduleName));
    }

    /** The type of an exported function, or empty if there is no function export by that name. */
    public Optional<FunctionType> exportedFunction(String name) {
        var export = exports.get(name);
        if (export == null || export.exportType() != ExternalType.FUNCTION) {
            return Optional.empty();
        }
        return Optional.of(functionType(export.index()));
    }

    /** The names of the exported functions, in export order. */
    public List<String> functionExportNames() {
        return exports.values().stream()
                .filter(e -> e.exportType() == ExternalType.FUNCTION)
                .map(Export::name)
                .toList();
    }

    public boolean exportsMemory(String name) {
        var export = exports.get(name);
        return export != null && export.exportType() == ExternalType.MEMORY;
    }

    public boolean hasExport(String name) {
        return exports.containsKey(name);
    }

    /** The type a function import declares. */
    public FunctionType importType(FunctionImport imp) {
        return module.typeSection().getType(imp.typeIndex());
    }

    private FunctionType functionType(int functionIndex) {
        if (functionIndex < importedFunctions) {
            int seen = 0;
            for (var imp : imports) {
                if (imp instanceof FunctionImport f) {
                    if (seen == functionIndex) {
                        return importType(f);
                    }
                    seen++;
                }
            }
        }
        return module.functionSection()
                .getFunctionType(functionIndex - importedFunctions, module.typeSection());
    }

    /** The limits of the module's own memory, if it defines one. */
    public Optional<MemoryLimits> memoryLimits() {
        return memoryLimits(module);
    }

    /** The limits {@code module} declares for its own memory, if it defines one. */
    public static Optional<MemoryLimits> memoryLimits(WasmModule module) {
        return module.memorySection()
                .filter(s -> s.memoryCount() > 0)
                .map(s -> s.getMemory(0).limits());
    }

    /** Imports as {@code module.name: kind [type]}, for inspection output. */
    public List<String> describeImports() {
        return imports.stream()
                .map(
                        i ->
                                i.module()
                                        + "."
                                        + i.name()
                                        + ": "
                                        + (i instanceof FunctionImport f
                                                ? "func " + signature(importType(f))
                                                : i.importType().name().toLowerCase(Locale.ROOT)))
                .collect(Collectors.toList());
    }

    /** Exports as {@code name: kind [type]}, for inspection output. */
    public List<String> describeExports() {
        return exports.values().stream()
                .map(
                        e ->
                                e.name()
                                        + ": "
                                        + (e.exportType() == ExternalType.FUNCTION
                                                ? "func " + signature(functionType(e.index()))
                                                : e.exportType().name().toLowerCase(Locale.ROOT)))
                .collect(Collectors.toList());
    }

    /** A function type in WAT-like notation: {@code (i32, i32) -> i32}. */
    public static String signature(FunctionType type) {
        return "("
                + type.params().stream().map(ModuleView::valType).collect(Collectors.joining(", "))
                + ") -> "
                + (type.returns().isEmpty()
                        ? "()"
                        : type.returns().size() == 1
                                ? valType(type.returns().get(0))
                                : "("
                                        + type.returns().stream()
                                                .map(ModuleView::valType)
                                                .collect(Collectors.joining(", "))
                                        + ")");
    }

    private static String valType(ValType t) {
        return t.toString().toLowerCase(Locale.ROOT);
    }

    /** A function type of i32 parameters and the given results. */
    public static FunctionType i32s(int params, ValType... results) {
        var p = new ValType[params];
        java.util.Arrays.fill(p, ValType.I32);
        return FunctionType.of(p, results);
    }
}
