package dev.sluice.internal.runtime;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Makes one call into a plugin the way the runtime makes every call: under the plugin's deadline,
 * with anything that goes wrong — a trap, an interrupt, a contract violation, stack exhaustion —
 * turned into a {@link CallFailed} that says why in one line.
 */
final class CallGuard {

    private final Duration limit;
    private final long limitNanos;

    CallGuard(Duration limit) {
        this.limit = limit;
        this.limitNanos = limit.toNanos();
    }

    <T> T run(String hook, Supplier<T> body) {
        var timer = Watchdog.timer();
        timer.arm(limitNanos);
        T result;
        try {
            result = body.get();
        } catch (RuntimeException | StackOverflowError e) {
            boolean timedOut = timer.disarm();
            throw new CallFailed(hook, Failures.describe(e, timedOut, limit), e);
        }
        // A deadline that passed just as the call returned does not undo a valid result.
        timer.disarm();
        return result;
    }
}
