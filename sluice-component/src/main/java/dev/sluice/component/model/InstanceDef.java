package dev.sluice.component.model;

import java.util.Map;

/** An entry of a component's instance index space. */
public sealed interface InstanceDef {

    InstanceType type();

    /** An instance the component imports (most often a WIT interface). */
    record Imported(String name, InstanceType type) implements InstanceDef {}

    /** An instance of component {@code component}, its imports supplied by name. */
    record Instantiate(int component, Map<String, SortIndex> args, InstanceType type)
            implements InstanceDef {}

    /** A bag of definitions given export names. */
    record FromExports(Map<String, SortIndex> items, InstanceType type) implements InstanceDef {}

    /** An instance exported by another instance. */
    record AliasExport(int instance, String name, InstanceType type) implements InstanceDef {}
}
