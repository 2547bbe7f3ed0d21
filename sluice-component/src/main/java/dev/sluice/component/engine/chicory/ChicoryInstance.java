package dev.sluice.component.engine.chicory;

import dev.sluice.component.engine.Instance;
import dev.sluice.component.engine.Memory;
import dev.sluice.component.engine.Module;
import dev.sluice.component.engine.WasmFunction;

/**
 * A Chicory instance behind the seam. It exists before Chicory's does: host functions are bound to
 * it when the instance is built, and a start function may call them before the build returns, so
 * the first host call attaches Chicory's instance.
 */
final class ChicoryInstance implements Instance {

    private final ChicoryModule module;
    private com.dylibso.chicory.runtime.Instance chicory;
    private ChicoryMemory memory;

    ChicoryInstance(ChicoryModule module) {
        this.module = module;
    }

    /** This instance, attached to Chicory's if it is not yet (called on every host call). */
    ChicoryInstance attach(com.dylibso.chicory.runtime.Instance instance) {
        if (chicory == null) {
            chicory = instance;
        }
        return this;
    }

    com.dylibso.chicory.runtime.Instance chicory() {
        return chicory;
    }

    @Override
    public Module module() {
        return module;
    }

    /** Nothing to free: Chicory's memories and tables are Java objects the collector takes. */
    @Override
    public void close() {}

    @Override
    public WasmFunction function(String name) {
        var type = module.exportedFunction(name);
        return type == null ? null : new ChicoryFunction(chicory.export(name), type);
    }

    @Override
    public Memory memory() {
        if (memory == null) {
            var m = chicory.memory();
            memory = m == null ? null : new ChicoryMemory(m);
        }
        return memory;
    }

    @Override
    public Memory memory(String name) {
        var m = chicory.exports().memory(name);
        return m == null ? null : new ChicoryMemory(m);
    }

    @Override
    public Table table(String name) {
        var t = chicory.exports().table(name);
        return t == null ? null : new ChicoryTable(t);
    }

    @Override
    public Global global(String name) {
        var g = chicory.exports().global(name);
        return g == null ? null : new ChicoryGlobal(g);
    }
}
