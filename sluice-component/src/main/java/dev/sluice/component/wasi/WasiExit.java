package dev.sluice.component.wasi;

/** A component called {@code wasi:cli/exit}: the call that led there ends with this. */
public final class WasiExit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public WasiExit(int status) {
        super("the component called wasi:cli/exit with status " + status);
        this.status = status;
    }

    /** 0 for {@code exit(ok)}, 1 for {@code exit(err)}, else the code given. */
    public int status() {
        return status;
    }
}
