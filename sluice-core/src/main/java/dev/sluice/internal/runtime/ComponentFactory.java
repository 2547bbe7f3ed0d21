package dev.sluice.internal.runtime;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.sluice.PluginLoadException;
import dev.sluice.component.Component;
import dev.sluice.component.ComponentInstance;
import dev.sluice.component.CoreRuntime;
import dev.sluice.component.Linker;
import dev.sluice.component.model.CoreModuleDef;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.contract.ModuleView;
import dev.sluice.internal.loader.DeferredBodies;
import dev.sluice.plugin.ExecutionEngine;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes instances of one component plugin. Each core module inside is parsed once when the
 * component is decoded and compiled once here (through the compile cache, keyed by the module's own
 * hash); every instance of every module runs with the plugin's memory cap.
 */
public final class ComponentFactory implements PluginCode, GuestCode.ComponentCode {

    private final Component component;
    private final CoreRuntime runtime;

    private final long reservedBytes;

    private ComponentFactory(Component component, CoreRuntime runtime, long reservedBytes) {
        this.component = component;
        this.runtime = runtime;
        this.reservedBytes = reservedBytes;
    }

    /**
     * Compiles every core module of {@code component} for {@code engine}.
     *
     * @throws PluginLoadException if a module's memory starts above the cap (checked here, before
     *     anything is compiled or run)
     */
    public static ComponentFactory prepare(
            String plugin,
            Component component,
            ExecutionEngine engine,
            int maxMemoryPages,
            CompileCache cache) {
        var modules = new java.util.ArrayList<>(component.model().coreModules());
        modules.addAll(nestedModules(component));
        var limits = new HashMap<Integer, MemoryLimits>();
        for (var def : modules) {
            if (def instanceof CoreModuleDef.Embedded m) {
                ModuleView.memoryLimits(m.module())
                        .ifPresent(
                                declared ->
                                        limits.put(
                                                m.number(),
                                                MemoryCap.capped(
                                                        plugin,
                                                        "core module "
                                                                + m.number()
                                                                + " of the component: its memory",
                                                        declared,
                                                        maxMemoryPages)));
            }
        }
        var compiled = new HashMap<Integer, InstanceFactory.Compiled>();
        for (var def : modules) {
            if (def instanceof CoreModuleDef.Embedded m && !compiled.containsKey(m.number())) {
                // The interpreter reads every body: decoded now, not inside the first call.
                compiled.put(
                        m.number(),
                        engine == ExecutionEngine.COMPILER
                                ? InstanceFactory.compile(plugin, m.module(), cache)
                                : new InstanceFactory.Compiled(
                                        DeferredBodies.full(m.module()), null));
            }
        }
        // Each embedded module is instantiated once per component instance, so an instance holds
        // at most one of each memory.
        long reserved = limits.values().stream().mapToLong(MemoryCap::reservation).sum();
        return new ComponentFactory(component, new SluiceCoreRuntime(compiled, limits), reserved);
    }

    private static java.util.List<CoreModuleDef> nestedModules(Component component) {
        var out = new java.util.ArrayList<CoreModuleDef>();
        var pending = new java.util.ArrayDeque<dev.sluice.component.model.ComponentModel>();
        for (var c : component.model().components()) {
            if (c instanceof dev.sluice.component.model.ComponentDef.Nested n) {
                pending.add(n.model());
            }
        }
        while (!pending.isEmpty()) {
            var model = pending.poll();
            out.addAll(model.coreModules());
            for (var c : model.components()) {
                if (c instanceof dev.sluice.component.model.ComponentDef.Nested n) {
                    pending.add(n.model());
                }
            }
        }
        return out;
    }

    @Override
    public long reservedBytes() {
        return reservedBytes;
    }

    public Component component() {
        return component;
    }

    @Override
    public ComponentInstance instantiate(Linker linker) {
        return linker.instantiate(component, runtime);
    }

    /** Instantiates with the plugin's memory cap and engine. */
    private static final class SluiceCoreRuntime implements CoreRuntime {
        private final Map<Integer, InstanceFactory.Compiled> compiled;
        private final Map<Integer, MemoryLimits> limits;

        SluiceCoreRuntime(
                Map<Integer, InstanceFactory.Compiled> compiled,
                Map<Integer, MemoryLimits> limits) {
            this.compiled = Map.copyOf(compiled);
            this.limits = Map.copyOf(limits);
        }

        /** The modules were parsed (and validated) when the plugin was inspected. */
        @Override
        public WasmModule parse(byte[] bytes) {
            return Parser.parse(bytes);
        }

        @Override
        public Instance instantiate(CoreModuleDef.Embedded module, ImportValues imports) {
            var code = compiled.get(module.number());
            var builder =
                    Instance.builder(code == null ? module.module() : code.module())
                            .withImportValues(imports)
                            .withMemoryFactory(ByteArrayMemory::new);
            if (code != null && code.machines() != null) {
                builder.withMachineFactory(code.machines());
            }
            var memoryLimits = limits.get(module.number());
            if (memoryLimits != null) {
                builder.withMemoryLimits(memoryLimits);
            }
            return builder.build();
        }
    }
}
