package dev.sluice.component.model;

import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.types.ResourceType;

/**
 * An entry of a component's core func, table, memory or global index space. Only functions are made
 * by canon definitions; the rest are always aliases of core instance exports.
 */
public sealed interface CoreItemDef {

    /** An export of a core instance. */
    record Alias(int instance, String name, CoreModuleType.CoreExtern type)
            implements CoreItemDef {}

    /** {@code canon lower}: a component function made callable by core code. */
    record Lower(int func, CanonOptionIndices options, FunctionType coreType)
            implements CoreItemDef {}

    /** {@code canon resource.new}. */
    record ResourceNew(ResourceType resource) implements CoreItemDef {}

    /** {@code canon resource.drop}. */
    record ResourceDrop(ResourceType resource) implements CoreItemDef {}

    /** {@code canon resource.rep}. */
    record ResourceRep(ResourceType resource) implements CoreItemDef {}
}
