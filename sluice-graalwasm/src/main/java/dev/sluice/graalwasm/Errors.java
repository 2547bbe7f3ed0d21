package dev.sluice.graalwasm;

import dev.sluice.component.engine.WasmException;
import dev.sluice.component.engine.WasmExit;
import dev.sluice.component.engine.WasmInterrupted;
import dev.sluice.component.engine.WasmMalformed;
import dev.sluice.component.engine.WasmTrap;
import org.graalvm.polyglot.PolyglotException;

/** GraalWasm's polyglot exceptions as the seam's, by phase. */
final class Errors {

    private Errors() {}

    /**
     * What a failed guest call throws: a host function's own exception unchanged, else the seam's
     * exception for the phase.
     */
    static RuntimeException map(PolyglotException e) {
        if (e.isHostException()) {
            Throwable host = e.asHostException();
            if (host instanceof RuntimeException r) {
                return r;
            }
            if (host instanceof Error error) {
                throw error;
            }
            return new WasmTrap("a host function failed: " + host, host);
        }
        String message = e.getMessage();
        if (e.isCancelled() || e.isInterrupted()) {
            return new WasmInterrupted(
                    "the call was stopped: its thread was interrupted (" + message + ")", e);
        }
        if (e.isExit()) {
            return new WasmExit(e.getExitStatus(), e);
        }
        if (e.isSyntaxError()) {
            return new WasmMalformed(message, e);
        }
        if (e.isResourceExhausted()) {
            return new WasmTrap("call stack exhausted: " + message, e);
        }
        if (e.isInternalError()) {
            return new WasmTrap("GraalWasm failed internally: " + message, e);
        }
        return trap(message, e);
    }

    /** A trap, its message worded like Chicory's where tests and operators look for it. */
    static WasmException trap(String message, Throwable cause) {
        if (message != null && message.contains("out-of-bounds")) {
            return new WasmTrap("out of bounds memory access: " + message, cause);
        }
        return new WasmTrap(message, cause);
    }
}
