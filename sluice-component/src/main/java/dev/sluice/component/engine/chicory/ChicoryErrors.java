package dev.sluice.component.engine.chicory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.UnlinkableException;
import dev.sluice.component.engine.WasmException;
import dev.sluice.component.engine.WasmExit;
import dev.sluice.component.engine.WasmInterrupted;
import dev.sluice.component.engine.WasmLinkError;
import dev.sluice.component.engine.WasmMalformed;
import dev.sluice.component.engine.WasmTrap;

/** Chicory's exceptions as the seam's, by phase; the message is Chicory's own. */
final class ChicoryErrors {

    private ChicoryErrors() {}

    static WasmException map(ChicoryException e) {
        String message = e.getMessage();
        if (e instanceof ChicoryInterruptedException) {
            return new WasmInterrupted(message, e);
        }
        if (e instanceof WasiExitException exit) {
            return new WasmExit(exit.exitCode(), e);
        }
        if (e instanceof MalformedException || e instanceof InvalidException) {
            return new WasmMalformed(message, e);
        }
        if (e instanceof UnlinkableException || e instanceof UninstantiableException) {
            return new WasmLinkError(message, e);
        }
        return new WasmTrap(message, e);
    }
}
