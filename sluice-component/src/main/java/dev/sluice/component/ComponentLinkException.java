package dev.sluice.component;

/**
 * A component cannot be instantiated: an import the host does not provide, a host definition of the
 * wrong kind, or a core module that failed to instantiate. The message names the import.
 */
public class ComponentLinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ComponentLinkException(String message) {
        super(message);
    }

    public ComponentLinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
