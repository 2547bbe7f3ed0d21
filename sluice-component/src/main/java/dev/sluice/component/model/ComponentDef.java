package dev.sluice.component.model;

/** An entry of a component's component index space. */
public sealed interface ComponentDef {

    ComponentType type();

    /** A component defined inside this one. */
    record Nested(ComponentModel model) implements ComponentDef {
        @Override
        public ComponentType type() {
            return model.type();
        }
    }

    /** A component this one imports. */
    record Imported(String name, ComponentType type) implements ComponentDef {}
}
