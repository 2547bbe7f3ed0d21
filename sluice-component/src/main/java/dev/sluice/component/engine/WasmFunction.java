package dev.sluice.component.engine;

/**
 * A core function: one an instance exports, or one the host makes for core code to call. Calls run
 * on the caller's thread, one at a time per instance; they fail with a {@link WasmException} (a
 * {@link WasmInterrupted} when the call was stopped).
 */
public interface WasmFunction {

    FunctionType type();

    /** Calls with core values as longs (i32 in the low bits); the results the same way. */
    long[] apply(long... args);
}
