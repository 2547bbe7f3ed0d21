package dev.sluice.graalwasm;

import dev.sluice.component.engine.ExternKind;
import dev.sluice.component.engine.Instance;
import dev.sluice.component.engine.Memory;
import dev.sluice.component.engine.Module;
import dev.sluice.component.engine.WasmFunction;
import java.util.HashMap;
import java.util.Map;
import org.graalvm.polyglot.Value;

/**
 * A GraalWasm instance behind the seam. It exists before GraalWasm's does: host functions are bound
 * to it, and a start function may call them while the instance is being made.
 */
final class GraalWasmInstance implements Instance {

    final GraalWasmContext context;
    private final Module module;
    private final Map<String, WasmFunction> functions = new HashMap<>();
    private Value exports;
    private Memory memory;

    GraalWasmInstance(Module module, GraalWasmContext context) {
        this.module = module;
        this.context = context;
    }

    void attach(Value exports) {
        this.exports = exports;
    }

    @Override
    public Module module() {
        return module;
    }

    /**
     * Closes this instance's context, and with it every instance linked into the same one (a
     * component's core instances, which the component closes together).
     */
    @Override
    public void close() {
        context.close();
    }

    @Override
    public WasmFunction function(String name) {
        var f = functions.get(name);
        if (f == null) {
            for (var e : module.exports()) {
                if (e.kind() == ExternKind.FUNCTION && e.name().equals(name)) {
                    f = new GraalWasmFunction(exports.getMember(name), e.type(), context);
                    functions.put(name, f);
                    break;
                }
            }
        }
        return f;
    }

    @Override
    public Memory memory() {
        if (memory == null) {
            memory = memory("memory");
            if (memory == null) {
                for (var e : module.exports()) {
                    if (e.kind() == ExternKind.MEMORY) {
                        memory = memory(e.name());
                        break;
                    }
                }
            }
            if (memory == null) {
                // An imported memory the module does not export: the one it was linked to.
                memory = importedMemory;
            }
        }
        return memory;
    }

    /** The memory this instance imported, for {@link #memory()} when it exports none. */
    Memory importedMemory;

    @Override
    public Memory memory(String name) {
        if (exports == null) {
            return importedMemory;
        }
        var m = exports.getMember(name);
        return m == null || !m.hasBufferElements() ? null : new GraalWasmMemory(m, context);
    }

    @Override
    public Table table(String name) {
        var t = exports == null ? null : exports.getMember(name);
        return t == null || exportKind(name) != ExternKind.TABLE ? null : new Item(t, context);
    }

    @Override
    public Global global(String name) {
        var g = exports == null ? null : exports.getMember(name);
        return g == null || exportKind(name) != ExternKind.GLOBAL ? null : new Item(g, context);
    }

    private ExternKind exportKind(String name) {
        for (var e : module.exports()) {
            if (e.name().equals(name)) {
                return e.kind();
            }
        }
        return null;
    }

    /** A table or global, handed from one instance's exports to another's imports. */
    record Item(Value value, GraalWasmContext context) implements Instance.Table, Instance.Global {}
}
