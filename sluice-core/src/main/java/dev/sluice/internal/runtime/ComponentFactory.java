package dev.sluice.internal.runtime;

import dev.sluice.PluginLoadException;
import dev.sluice.component.Component;
import dev.sluice.component.ComponentInstance;
import dev.sluice.component.Linker;
import dev.sluice.component.engine.Code;
import dev.sluice.component.engine.CodeOptions;
import dev.sluice.component.engine.Engine;
import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.component.model.ComponentDef;
import dev.sluice.component.model.ComponentModel;
import dev.sluice.component.model.CoreModuleDef;
import dev.sluice.internal.contract.GuestCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes instances of one component plugin. Each core module inside is parsed once when the
 * component is decoded and compiled once here (through the compile cache, keyed by the module's own
 * hash); every instance of every module runs with the plugin's memory cap.
 */
public final class ComponentFactory implements PluginCode, GuestCode.ComponentCode {

    private final Component component;
    private final Map<Integer, Code> code;
    private final long reservedBytes;
    private final String engineChoice;
    private final boolean warmsUp;

    private ComponentFactory(
            Component component,
            Map<Integer, Code> code,
            long reservedBytes,
            String engineChoice,
            boolean warmsUp) {
        this.component = component;
        this.code = Map.copyOf(code);
        this.reservedBytes = reservedBytes;
        this.engineChoice = engineChoice;
        this.warmsUp = warmsUp;
    }

    /** This code, saying which engine runs it and why. */
    ComponentFactory describedAs(String engineChoice) {
        return new ComponentFactory(component, code, reservedBytes, engineChoice, warmsUp);
    }

    @Override
    public String engine() {
        return engineChoice;
    }

    @Override
    public boolean warmsUp() {
        return warmsUp;
    }

    /**
     * Compiles every core module of {@code component} on {@code engine}.
     *
     * @throws PluginLoadException if a module's memory starts above the cap (checked here, before
     *     anything is compiled or run)
     */
    public static ComponentFactory prepare(
            String plugin, Component component, Engine engine, int maxMemoryPages) {
        var modules = new ArrayList<>(component.model().coreModules());
        modules.addAll(nestedModules(component));
        var limits = new HashMap<Integer, MemoryLimits>();
        for (var def : modules) {
            if (def instanceof CoreModuleDef.Embedded m) {
                m.module()
                        .memoryLimits()
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
        var code = new HashMap<Integer, Code>();
        for (var def : modules) {
            if (def instanceof CoreModuleDef.Embedded m && !code.containsKey(m.number())) {
                code.put(
                        m.number(),
                        engine.compile(
                                m.module(),
                                m::bytes,
                                CodeOptions.of(plugin).withMemoryLimits(limits.get(m.number()))));
            }
        }
        // Each embedded module is instantiated once per component instance, so an instance holds
        // at most one of each memory.
        long reserved = limits.values().stream().mapToLong(MemoryCap::reservation).sum();
        return new ComponentFactory(
                component, code, reserved, engine.name(), engine.compilesInBackground());
    }

    /** The bytes of every core module the component embeds, nested components' included. */
    static List<byte[]> moduleBytes(Component component) {
        var modules = new ArrayList<>(component.model().coreModules());
        modules.addAll(nestedModules(component));
        var out = new ArrayList<byte[]>();
        for (var def : modules) {
            if (def instanceof CoreModuleDef.Embedded m) {
                out.add(m.bytes());
            }
        }
        return out;
    }

    private static List<CoreModuleDef> nestedModules(Component component) {
        var out = new ArrayList<CoreModuleDef>();
        var pending = new ArrayDeque<ComponentModel>();
        for (var c : component.model().components()) {
            if (c instanceof ComponentDef.Nested n) {
                pending.add(n.model());
            }
        }
        while (!pending.isEmpty()) {
            var model = pending.poll();
            out.addAll(model.coreModules());
            for (var c : model.components()) {
                if (c instanceof ComponentDef.Nested n) {
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
        return linker.instantiate(
                component,
                module -> {
                    var compiled = code.get(module.number());
                    if (compiled == null) {
                        throw new dev.sluice.component.ComponentLinkException(
                                "core module "
                                        + module.number()
                                        + " was not part of the component when it was compiled");
                    }
                    return compiled;
                });
    }
}
