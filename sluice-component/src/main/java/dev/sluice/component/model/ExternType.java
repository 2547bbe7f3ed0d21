package dev.sluice.component.model;

import dev.sluice.component.types.FuncType;

/** The type of something a component imports or exports. */
public sealed interface ExternType {

    /** A core module. */
    record CoreModule(CoreModuleType type) implements ExternType {}

    /** A function. */
    record Func(FuncType type) implements ExternType {}

    /**
     * A type: {@code type} is the type it equals (a {@link dev.sluice.component.types.ValType},
     * {@link FuncType}, {@link InstanceType}, {@link ComponentType}) or a fresh {@link
     * dev.sluice.component.types.ResourceType} for {@code (sub resource)}.
     */
    record Type(Object type) implements ExternType {}

    /** A component. */
    record Component(ComponentType type) implements ExternType {}

    /** An instance. */
    record Instance(InstanceType type) implements ExternType {}
}
