package dev.sluice.component.model;

import dev.sluice.component.types.FuncType;

/** An entry of a component's function index space. */
public sealed interface FuncDef {

    FuncType type();

    /** A function the component imports. */
    record Imported(String name, FuncType type) implements FuncDef {}

    /** A function exported by one of the component's instances. */
    record AliasExport(int instance, String name, FuncType type) implements FuncDef {}

    /** {@code canon lift}: a core function given a component function type. */
    record Lift(int coreFunc, CanonOptionIndices options, FuncType type) implements FuncDef {}
}
