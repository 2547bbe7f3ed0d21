package dev.sluice.component;

/**
 * A component broke the canonical ABI while running (an invalid string, a pointer outside its
 * memory, an unknown handle, a discriminant out of range…). The call is abandoned; like any trap,
 * the instance should not be used again.
 */
public class ComponentTrap extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ComponentTrap(String message) {
        super(message);
    }

    public ComponentTrap(String message, Throwable cause) {
        super(message, cause);
    }
}
