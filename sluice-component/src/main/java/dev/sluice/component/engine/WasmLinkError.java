package dev.sluice.component.engine;

/** An instance that cannot be made: an import missing or of the wrong type, a bad memory. */
public class WasmLinkError extends WasmException {
    public WasmLinkError(String message) {
        super(message);
    }

    public WasmLinkError(String message, Throwable cause) {
        super(message, cause);
    }
}
