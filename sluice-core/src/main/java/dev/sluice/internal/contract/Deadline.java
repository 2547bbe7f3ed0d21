package dev.sluice.internal.contract;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;

/**
 * The call's deadline, as host functions see it. The runtime's watchdog interrupts the thread of a
 * call that is past its time limit; Chicory notices between guest instructions, and a host function
 * that works in a loop checks here, so the deadline holds inside host functions too. The exception
 * it throws is the one Chicory throws, and the runtime reports it as the timeout it is.
 */
public final class Deadline {

    private Deadline() {}

    /** Stops the call if its time is up; {@code where} names the host function, for the log. */
    public static void check(String where) {
        if (Thread.currentThread().isInterrupted()) {
            throw new ChicoryInterruptedException(
                    "stopped in " + where + ": the call's time is up");
        }
    }
}
