package dev.sluice.component.engine;

/**
 * A call stopped because its thread was interrupted (its deadline passed): by the engine between
 * guest instructions, or by a host function that checked. The instance must be discarded.
 */
public class WasmInterrupted extends WasmException {
    public WasmInterrupted(String message) {
        super(message);
    }

    public WasmInterrupted(String message, Throwable cause) {
        super(message, cause);
    }
}
