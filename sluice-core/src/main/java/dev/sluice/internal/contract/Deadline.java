package dev.sluice.internal.contract;

import dev.sluice.component.engine.WasmInterrupted;
import dev.sluice.internal.runtime.Watchdog;

/**
 * The call's deadline, as host functions see it. The runtime's watchdog interrupts the thread of a
 * call that is past its time limit; the engine notices between guest instructions, and a host
 * function that works in a loop checks here, so the deadline holds inside host functions too. The
 * exception it throws is the one the engine throws ({@link WasmInterrupted}), and the runtime
 * reports it as the timeout it is.
 */
public final class Deadline {

    private Deadline() {}

    /** Stops the call if its time is up; {@code where} names the host function, for the log. */
    public static void check(String where) {
        if (Thread.currentThread().isInterrupted()) {
            throw timeUp(where);
        }
    }

    /**
     * Wall-clock nanoseconds the current call has left (negative once past its deadline); {@link
     * Long#MAX_VALUE} outside a timed call. A host function that waits bounds its wait by this.
     */
    public static long remainingNanos() {
        return Watchdog.timer().remainingNanos();
    }

    /** The failure of a call whose time ran out in a host function: reported as a timeout. */
    public static RuntimeException timeUp(String where) {
        return new WasmInterrupted("stopped in " + where + ": the call's time is up");
    }
}
