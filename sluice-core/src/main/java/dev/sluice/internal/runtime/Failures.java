package dev.sluice.internal.runtime;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasi.WasiExitException;
import dev.sluice.component.ComponentLinkException;
import dev.sluice.component.ComponentTrap;
import dev.sluice.internal.contract.CallLimitExceeded;
import dev.sluice.internal.contract.GuestFault;
import java.time.Duration;

/** Describes why a call into a plugin failed, in one line a plugin author can act on. */
final class Failures {

    private Failures() {}

    static String describe(Throwable failure, boolean timedOut, Duration limit) {
        if (timedOut || failure instanceof ChicoryInterruptedException) {
            return "exceeded its time limit of " + format(limit) + " and was stopped";
        }
        if (failure instanceof CallLimitExceeded) {
            return "exceeded a per-call limit: " + failure.getMessage();
        }
        if (failure instanceof GuestFault) {
            return "broke the contract: " + failure.getMessage();
        }
        if (failure instanceof ComponentLinkException) {
            return "the component could not be instantiated: " + failure.getMessage();
        }
        if (failure instanceof ComponentTrap) {
            return "broke the canonical ABI: " + failure.getMessage();
        }
        if (failure instanceof WasiExitException exit) {
            return "called proc_exit(" + exit.exitCode() + ")";
        }
        if (failure instanceof StackOverflowError) {
            return "trapped: call stack exhausted (runaway recursion)";
        }
        String message = failure.getMessage();
        if (message != null && message.contains("call stack exhausted")) {
            return "trapped: call stack exhausted (runaway recursion)";
        }
        if (failure instanceof TrapException) {
            return "trapped: " + message;
        }
        if (failure instanceof com.dylibso.chicory.wasm.ChicoryException) {
            return "trapped: " + message;
        }
        return "failed in the host: " + failure;
    }

    /**
     * Whose fault a failure is: anything the guest or its code can cause is the plugin's; an
     * exception only the host's own code throws is the host's.
     */
    static CallFailed.Blame blame(Throwable failure) {
        if (failure instanceof ChicoryInterruptedException
                || failure instanceof GuestFault
                || failure instanceof ComponentTrap
                || failure instanceof WasiExitException
                || failure instanceof StackOverflowError
                || failure instanceof com.dylibso.chicory.wasm.ChicoryException) {
            return CallFailed.Blame.PLUGIN;
        }
        return CallFailed.Blame.HOST;
    }

    /** A wait, for the log: whole seconds (rounded up) from a second on. */
    static String formatWait(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) >= 0) {
            return ((d.toMillis() + 999) / 1000) + " s";
        }
        return format(d);
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms > 0 && d.toNanos() % 1_000_000 == 0) {
            return ms + " ms";
        }
        return d.toNanos() / 1000 + " µs";
    }
}
