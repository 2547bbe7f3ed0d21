package dev.sluice.internal.contract;

import dev.sluice.component.engine.ExternKind;
import dev.sluice.component.engine.FunctionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Collects what is wrong with a module for one contract, and what is worth knowing about it. Every
 * check adds a sentence a plugin author can act on.
 */
public final class ContractCheck {

    private final ModuleView view;
    private final String wasiModule;
    private final Map<String, FunctionType> wasiFunctions;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * @param wasiModule the module name of the WASI the host offers every contract
     * @param wasiFunctions its functions, by name, with their types
     */
    public ContractCheck(
            ModuleView view, String wasiModule, Map<String, FunctionType> wasiFunctions) {
        this.view = view;
        this.wasiModule = wasiModule;
        this.wasiFunctions = wasiFunctions;
    }

    public ModuleView view() {
        return view;
    }

    public List<String> problems() {
        return problems;
    }

    public List<String> notes() {
        return notes;
    }

    public void problem(String problem) {
        problems.add(problem);
    }

    public void note(String note) {
        notes.add(note);
    }

    /** Requires a function export of exactly this type. */
    public void requireExport(String name, FunctionType expected) {
        var actual = view.exportedFunction(name);
        if (actual.isEmpty()) {
            problems.add("missing export `" + name + "`");
        } else if (!actual.get().equals(expected)) {
            problems.add(wrongType("export", name, actual.get(), List.of(expected)));
        }
    }

    /**
     * An optional function export: empty when absent, a problem when present with a type other than
     * the allowed ones.
     */
    public Optional<FunctionType> optionalExport(String name, List<FunctionType> allowed) {
        var actual = view.exportedFunction(name);
        if (actual.isPresent() && !allowed.contains(actual.get())) {
            problems.add(wrongType("export", name, actual.get(), allowed));
            return Optional.empty();
        }
        return actual;
    }

    public void requireMemoryExport() {
        if (!view.exportsMemory("memory")) {
            problems.add("missing export `memory` (the host passes data through it)");
        }
    }

    /**
     * Checks every import against what the host provides: the contract's own functions, and WASI
     * preview 1. Anything else would fail at link time, so it is reported now, by name.
     */
    public void checkImports(String hostModule, Map<String, FunctionType> hostFunctions) {
        boolean wasi = false;
        for (var imp : view.imports()) {
            String qualified = imp.module() + "." + imp.name();
            if (imp.kind() != ExternKind.FUNCTION) {
                problems.add(
                        "imports "
                                + imp.kind().name().toLowerCase(Locale.ROOT)
                                + " "
                                + qualified
                                + " which the host does not provide (only functions are"
                                + " imported)");
                continue;
            }
            Map<String, FunctionType> provided;
            if (imp.module().equals(hostModule)) {
                provided = hostFunctions;
            } else if (imp.module().equals(wasiModule)) {
                provided = wasiFunctions;
                wasi = true;
            } else {
                problems.add("imports " + qualified + " which the host does not provide");
                continue;
            }
            var expected = provided.get(imp.name());
            var actual = imp.type();
            if (expected == null) {
                problems.add("imports " + qualified + " which the host does not provide");
            } else if (!expected.equals(actual)) {
                problems.add(wrongType("import", qualified, actual, List.of(expected)));
            }
        }
        if (wasi) {
            notes.add(
                    "uses WASI preview 1: no files, no network, no environment; stdout and stderr"
                            + " go to the plugin's log");
        }
    }

    private static String wrongType(
            String kind, String name, FunctionType actual, List<FunctionType> expected) {
        var sb = new StringBuilder(kind).append(" `").append(name).append("` has type ");
        sb.append(ModuleView.signature(actual)).append(", expected ");
        for (int i = 0; i < expected.size(); i++) {
            if (i > 0) {
                sb.append(" or ");
            }
            sb.append(ModuleView.signature(expected.get(i)));
        }
        return sb.toString();
    }
}
