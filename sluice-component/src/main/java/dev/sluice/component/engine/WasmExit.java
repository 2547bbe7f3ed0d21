package dev.sluice.component.engine;

/** The guest called WASI's {@code proc_exit}. */
public class WasmExit extends WasmException {
    private final int exitCode;

    public WasmExit(int exitCode, Throwable cause) {
        super("exited with " + exitCode, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
