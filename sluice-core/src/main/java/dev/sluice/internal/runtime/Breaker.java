package dev.sluice.internal.runtime;

import dev.sluice.plugin.BreakerState;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One plugin's circuit breaker. Closed, calls go through and failures in a row are counted; at the
 * limit it opens and no calls are made. Once the backoff has passed, exactly one caller is let
 * through as the trial (half-open): its success closes the breaker, its failure opens it again with
 * the backoff doubled (up to the maximum). Envoy's FAIL_RELOAD with backoff is the model.
 *
 * <p>The closed path costs one volatile read per call; everything else is under this object's lock,
 * which is only taken on failures and while open.
 */
final class Breaker {

    /** What a caller may do now. */
    enum Admission {
        /** Closed: call. */
        CALL,
        /** The one trial call after the backoff: call, and report how it went. */
        TRIAL,
        /** Open (or another caller holds the trial): do not call. */
        REFUSED
    }

    private final int threshold;
    private final long firstBackoff;
    private final long maxBackoff;
    private final LongSupplier clock;
    private final AtomicInteger inARow = new AtomicInteger();

    private volatile BreakerState state = BreakerState.CLOSED;
    private long backoff;
    private long openUntil;
    private String reason;

    Breaker(int threshold, Duration firstBackoff, Duration maxBackoff, LongSupplier clock) {
        this.threshold = threshold;
        this.firstBackoff = firstBackoff.toNanos();
        this.maxBackoff = maxBackoff.toNanos();
        this.clock = clock;
        this.backoff = this.firstBackoff;
    }

    BreakerState state() {
        return state;
    }

    Admission admit() {
        if (state == BreakerState.CLOSED) {
            return Admission.CALL;
        }
        synchronized (this) {
            return switch (state) {
                case CLOSED -> Admission.CALL;
                case HALF_OPEN -> Admission.REFUSED;
                case OPEN -> {
                    if (clock.getAsLong() - openUntil < 0) {
                        yield Admission.REFUSED;
                    }
                    state = BreakerState.HALF_OPEN;
                    yield Admission.TRIAL;
                }
            };
        }
    }

    /** A call succeeded; a successful trial closes the breaker. */
    void succeeded(boolean trial) {
        if (inARow.get() != 0) {
            inARow.set(0);
        }
        if (trial) {
            synchronized (this) {
                state = BreakerState.CLOSED;
                backoff = firstBackoff;
                reason = null;
            }
        }
    }

    /**
     * A call failed through the plugin's fault.
     *
     * @return true if this failure opened the breaker
     */
    boolean failed(boolean trial, String cause) {
        if (trial) {
            synchronized (this) {
                backoff = Math.min(maxBackoff, backoff * 2);
                open("its trial call failed: " + cause);
            }
            return true;
        }
        int n = inARow.incrementAndGet();
        if (n < threshold) {
            return false;
        }
        synchronized (this) {
            if (state != BreakerState.CLOSED) {
                return false;
            }
            open(n + " consecutive failures, the last: " + cause);
            return true;
        }
    }

    /** Opens for a reason other than calls (the plugin could not be loaded); backoff doubles. */
    synchronized void openFor(String cause, boolean again) {
        if (again) {
            backoff = Math.min(maxBackoff, backoff * 2);
        }
        open(cause);
    }

    /** The trial did not decide (the host was overloaded or failed): let the next caller try. */
    synchronized void abandon() {
        if (state == BreakerState.HALF_OPEN) {
            state = BreakerState.OPEN;
            openUntil = clock.getAsLong();
        }
    }

    /** Back to closed with a fresh count and backoff (an operator disabled the plugin). */
    synchronized void reset() {
        inARow.set(0);
        state = BreakerState.CLOSED;
        backoff = firstBackoff;
        reason = null;
    }

    private void open(String cause) {
        inARow.set(0);
        reason = cause;
        openUntil = clock.getAsLong() + backoff;
        state = BreakerState.OPEN;
    }

    /** Why the breaker is open, or null when it is closed. */
    synchronized String reason() {
        return reason;
    }

    /** How long until a trial may be made (zero when one may be made now). */
    synchronized Duration untilTrial() {
        long left = openUntil - clock.getAsLong();
        return state == BreakerState.OPEN && left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** The backoff the breaker opens with next (for the log). */
    synchronized Duration backoff() {
        return Duration.ofNanos(backoff);
    }
}
