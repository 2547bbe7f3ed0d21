package dev.sluice.component.engine;

/**
 * Why an engine failed: the root of what it throws, one subclass per phase (malformed module, link
 * error, trap, interruption, exit) so a caller can tell where to look without the engine's types.
 */
public class WasmException extends RuntimeException {
    public WasmException(String message) {
        super(message);
    }

    public WasmException(String message, Throwable cause) {
        super(message, cause);
    }
}
