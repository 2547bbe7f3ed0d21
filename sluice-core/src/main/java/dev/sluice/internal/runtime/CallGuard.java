package dev.sluice.internal.runtime;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Makes one call into a plugin the way the runtime makes every call: under a deadline, with
 * anything that goes wrong — a trap, an interrupt, a contract violation, stack exhaustion, the heap
 * running out — turned into a {@link CallFailed} that says why in one line and whose fault it was.
 */
final class CallGuard {

    private CallGuard() {}

    static <T> T run(String hook, Duration limit, Supplier<T> body) {
        var timer = Watchdog.timer();
        timer.arm(limit.toNanos());
        T result;
        try {
            result = body.get();
        } catch (RuntimeException | StackOverflowError e) {
            boolean timedOut = timer.disarm();
            var diagnosis = Failures.diagnose(e, timedOut, limit);
            throw new CallFailed(hook, diagnosis.description(), e, diagnosis.blame());
        } catch (OutOfMemoryError e) {
            // The heap is the host's: the budget should have prevented this, so it is never the
            // plugin's failure. Whatever the call allocated is garbage once we return.
            timer.disarm();
            throw new CallFailed(
                    hook,
                    "the host ran out of heap memory during the call",
                    e,
                    CallFailed.Blame.HOST);
        }
        // A deadline that passed just as the call returned does not undo a valid result.
        timer.disarm();
        return result;
    }
}
