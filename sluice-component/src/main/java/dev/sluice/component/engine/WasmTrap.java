package dev.sluice.component.engine;

/** A guest call that trapped (unreachable, out-of-bounds access, stack exhausted…). */
public class WasmTrap extends WasmException {
    public WasmTrap(String message) {
        super(message);
    }

    public WasmTrap(String message, Throwable cause) {
        super(message, cause);
    }
}
