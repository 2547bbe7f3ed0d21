package dev.sluice.internal.services.http;

import dev.sluice.internal.contract.Deadline;
import java.time.Duration;

/**
 * The time one request may take in all: the plugin call's remaining deadline, or {@code
 * http_client.timeout} if that comes first. Every wait (resolving, connecting, each read) is
 * bounded by what is left, so a slow server cannot stretch a call past its deadline. Running out of
 * the call's own time ends the call as a timeout (its instance is discarded); running out of {@code
 * http_client.timeout} first is an error the plugin is given.
 */
final class TimeBudget {

    private final long deadline;
    private final boolean callDeadline;
    private final Duration timeout;

    private TimeBudget(long deadline, boolean callDeadline, Duration timeout) {
        this.deadline = deadline;
        this.callDeadline = callDeadline;
        this.timeout = timeout;
    }

    static TimeBudget start(Duration timeout) {
        long now = System.nanoTime();
        long call = Deadline.remainingNanos();
        long own = timeout.toNanos();
        return call < own
                ? new TimeBudget(now + call, true, timeout)
                : new TimeBudget(now + own, false, timeout);
    }

    /** Milliseconds left, at least 1; when none are left, the timeout. */
    int millisLeft() throws HttpFailure {
        Deadline.check("http.send");
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw expired();
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, left / 1_000_000));
    }

    long nanosLeft() {
        return deadline - System.nanoTime();
    }

    /** What running out means: the call's timeout, or an error naming the setting. */
    HttpFailure expired() {
        if (callDeadline) {
            throw Deadline.timeUp("http.send");
        }
        return new HttpFailure(
                "timeout",
                "the request took longer than http_client.timeout ("
                        + timeout.toMillis()
                        + " ms) and was abandoned");
    }
}
