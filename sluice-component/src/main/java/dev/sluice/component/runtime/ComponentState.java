package dev.sluice.component.runtime;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.abi.HandleTable;
import dev.sluice.component.engine.Instance;
import dev.sluice.component.types.ResourceType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one component instance owns at run time: its handle table, whether it is running (a
 * component instance may not be entered again while it runs), and how to destroy each resource type
 * its handles may hold.
 */
final class ComponentState {

    final String name;
    final HandleTable table = new HandleTable();
    private final Map<ResourceType, Consumer<Object>> destructors = new IdentityHashMap<>();
    private boolean running;

    /** Every core instance made for the top-level component, nested components' included. */
    private final List<Instance> cores;

    ComponentState(String name) {
        this(name, new ArrayList<>());
    }

    private ComponentState(String name, List<Instance> cores) {
        this.name = name;
        this.cores = cores;
    }

    /**
     * The state of a component instantiated inside this one: its core instances close with ours.
     */
    ComponentState nested(String name) {
        return new ComponentState(name, cores);
    }

    void made(Instance core) {
        cores.add(core);
    }

    /** Closes every core instance made (they may share one engine context, so all at once). */
    void closeCores() {
        for (var core : cores) {
            core.close();
        }
        cores.clear();
    }

    void destructor(ResourceType type, Consumer<Object> destructor) {
        destructors.put(type, destructor);
    }

    void destroy(ResourceType type, Object rep) {
        var destructor = destructors.get(type);
        if (destructor != null) {
            destructor.accept(rep);
        }
    }

    Consumer<Object> destructorOf(ResourceType type) {
        return destructors.get(type);
    }

    void enter() {
        if (running) {
            throw new ComponentTrap(name + " was entered again while it was running");
        }
        running = true;
    }

    void leave() {
        running = false;
    }
}
