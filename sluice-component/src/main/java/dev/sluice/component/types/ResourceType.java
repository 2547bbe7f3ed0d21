package dev.sluice.component.types;

/**
 * A resource type. Each is distinct from every other (identity, not structure, decides equality): a
 * component's {@code (type (sub resource))} import becomes the resource type the host supplies for
 * it, a {@code (resource (rep i32))} definition becomes a fresh one owned by the component instance
 * that defined it.
 */
public final class ResourceType {

    private final String name;

    public ResourceType(String name) {
        this.name = name;
    }

    /** The name it was declared or exported under, for messages and WIT; not an identity. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "resource " + name;
    }
}
