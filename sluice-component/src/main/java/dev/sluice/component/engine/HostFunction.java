package dev.sluice.component.engine;

/**
 * A function the host gives a module to import, by {@code module} and {@code name}. Its handle runs
 * on the thread of the guest call that made it, outside the engine's own interruption checks: one
 * that loops or waits must bound itself (see the contracts' {@code Deadline}). An exception it
 * throws ends the guest call and reaches the caller unchanged.
 */
public record HostFunction(String module, String name, FunctionType functionType, Handle handle) {

    /** The Java side of a host function: the calling instance, its arguments, its results. */
    @FunctionalInterface
    public interface Handle {
        long[] apply(Instance instance, long... args);
    }
}
