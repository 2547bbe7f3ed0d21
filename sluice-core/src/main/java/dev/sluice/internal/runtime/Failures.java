package dev.sluice.internal.runtime;

import dev.sluice.component.ComponentLinkException;
import dev.sluice.component.ComponentTrap;
import dev.sluice.component.engine.WasmException;
import dev.sluice.component.engine.WasmExit;
import dev.sluice.component.engine.WasmInterrupted;
import dev.sluice.internal.contract.CallLimitExceeded;
import dev.sluice.internal.contract.GuestFault;
import java.time.Duration;

/** Describes why a call into a plugin failed, in one line a plugin author can act on. */
final class Failures {

    private Failures() {}

    /** Why a call failed, in one line, and whose fault it was. */
    record Diagnosis(String description, CallFailed.Blame blame) {}

    /**
     * One rule for both questions, so a new kind of failure cannot be described as the plugin's and
     * blamed on the host: anything the guest or its code can cause is the plugin's; an exception
     * only the host's own code throws is the host's.
     */
    static Diagnosis diagnose(Throwable failure, boolean timedOut, Duration limit) {
        if (timedOut || failure instanceof WasmInterrupted) {
            return plugin("exceeded its time limit of " + format(limit) + " and was stopped");
        }
        if (failure instanceof CallLimitExceeded) {
            return plugin("exceeded a per-call limit: " + failure.getMessage());
        }
        if (failure instanceof GuestFault) {
            return plugin("broke the contract: " + failure.getMessage());
        }
        if (failure instanceof ComponentLinkException) {
            return plugin("the component could not be instantiated: " + failure.getMessage());
        }
        if (failure instanceof ComponentTrap) {
            return plugin("broke the canonical ABI: " + failure.getMessage());
        }
        if (failure instanceof WasmExit exit) {
            return plugin("called proc_exit(" + exit.exitCode() + ")");
        }
        String message = failure.getMessage();
        if (failure instanceof StackOverflowError
                || (message != null && message.contains("call stack exhausted"))) {
            return plugin("trapped: call stack exhausted (runaway recursion)");
        }
        if (failure instanceof WasmException) {
            return plugin("trapped: " + message);
        }
        return new Diagnosis("failed in the host: " + failure, CallFailed.Blame.HOST);
    }

    private static Diagnosis plugin(String description) {
        return new Diagnosis(description, CallFailed.Blame.PLUGIN);
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
