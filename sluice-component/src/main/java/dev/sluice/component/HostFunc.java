package dev.sluice.component;

/**
 * A function the host implements for a component to import. It receives the arguments as the Java
 * values described in {@link Values} and returns the result the same way ({@code null} when the
 * function has no result). Throwing aborts the component's call: the exception reaches the caller
 * of the export that led here.
 */
@FunctionalInterface
public interface HostFunc {
    Object call(Object[] args);
}
