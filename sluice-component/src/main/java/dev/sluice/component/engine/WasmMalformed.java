package dev.sluice.component.engine;

/** A module that cannot be parsed or does not validate. */
public class WasmMalformed extends WasmException {
    public WasmMalformed(String message) {
        super(message);
    }

    public WasmMalformed(String message, Throwable cause) {
        super(message, cause);
    }
}
