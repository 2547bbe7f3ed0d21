package dev.sluice.internal.contract;

import dev.sluice.component.engine.ExternKind;
import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.component.engine.Module;
import dev.sluice.component.engine.ValType;
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

    private final Module module;
    private final Map<String, Module.Export> exports = new LinkedHashMap<>();

    public ModuleView(Module module) {
        this.module = module;
        for (var export : module.exports()) {
            exports.put(export.name(), export);
        }
    }

    public Module module() {
        return module;
    }

    public List<Module.Import> imports() {
        return module.imports();
    }

    /** Whether the module imports anything from the named module. */
    public boolean importsFrom(String moduleName) {
        return module.imports().stream().anyMatch(i -> i.module().equals(moduleName));
    }

    /** The type of an exported function, or empty if there is no function export by that name. */
    public Optional<FunctionType> exportedFunction(String name) {
        var export = exports.get(name);
        if (export == null || export.kind() != ExternKind.FUNCTION) {
            return Optional.empty();
        }
        return Optional.of(export.type());
    }

    /** The names of the exported functions, in export order. */
    public List<String> functionExportNames() {
        return exports.values().stream()
                .filter(e -> e.kind() == ExternKind.FUNCTION)
                .map(Module.Export::name)
                .toList();
    }

    public boolean exportsMemory(String name) {
        var export = exports.get(name);
        return export != null && export.kind() == ExternKind.MEMORY;
    }

    public boolean hasExport(String name) {
        return exports.containsKey(name);
    }

    /** The limits of the module's own memory, if it defines one. */
    public Optional<MemoryLimits> memoryLimits() {
        return module.memoryLimits();
    }

    /** Imports as {@code module.name: kind [type]}, for inspection output. */
    public List<String> describeImports() {
        return module.imports().stream()
                .map(i -> i.module() + "." + i.name() + ": " + describe(i.kind(), i.type()))
                .collect(Collectors.toList());
    }

    /** Exports as {@code name: kind [type]}, for inspection output. */
    public List<String> describeExports() {
        return exports.values().stream()
                .map(e -> e.name() + ": " + describe(e.kind(), e.type()))
                .collect(Collectors.toList());
    }

    private static String describe(ExternKind kind, FunctionType type) {
        return kind == ExternKind.FUNCTION
                ? "func " + signature(type)
                : kind.name().toLowerCase(Locale.ROOT);
    }

    /** A function type in WAT-like notation: {@code (i32, i32) -> i32}. */
    public static String signature(FunctionType type) {
        return type.toString();
    }

    /** A function type of i32 parameters and the given results. */
    public static FunctionType i32s(int params, ValType... results) {
        var p = new ValType[params];
        java.util.Arrays.fill(p, ValType.I32);
        return FunctionType.of(p, results);
    }
}
