package dev.sluice.component.model;

import dev.sluice.component.engine.Module;

/** An entry of a component's core module index space. */
public sealed interface CoreModuleDef {

    CoreModuleType type();

    /**
     * A module embedded in the binary: {@code number} counts the embedded modules of the whole
     * binary in order (so a host can cache per module), {@code module} is its parsed form.
     */
    record Embedded(int number, byte[] bytes, Module module, CoreModuleType type)
            implements CoreModuleDef {}

    /** A module the component imports. */
    record Imported(String name, CoreModuleType type) implements CoreModuleDef {}
}
