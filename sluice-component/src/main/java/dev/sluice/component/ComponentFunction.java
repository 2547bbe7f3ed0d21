package dev.sluice.component;

import dev.sluice.component.types.FuncType;

/**
 * A function of a component instance, called with and returning the Java values of {@link Values}.
 */
public interface ComponentFunction {

    FuncType type();

    /**
     * Calls the function. Throws {@link ComponentTrap} when the component breaks the canonical ABI,
     * and a {@code dev.sluice.component.engine.WasmException} when its code traps or is
     * interrupted; either way the instance should be discarded.
     */
    Object call(Object... args);

    /**
     * Calls the function with the caller's own lowering and lifting ({@link DirectCall}). Only
     * functions a component exports (lifted core functions) support it.
     *
     * @throws UnsupportedOperationException for a host function
     */
    default <R> R callDirect(DirectCall<R> call) {
        throw new UnsupportedOperationException("only an exported function can be called directly");
    }
}
