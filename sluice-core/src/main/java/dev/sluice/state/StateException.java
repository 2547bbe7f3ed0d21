package dev.sluice.state;

import java.util.Objects;

/**
 * A state call the store refused: its message goes back to the plugin as the call's error. The
 * store is unchanged by a refused call.
 */
public final class StateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why: tells a plugin's ABI which error code to answer. */
    public enum Reason {
        /** A key, value, key count or total size limit (see {@link StateLimits}). */
        LIMIT,
        /** {@code increment} on a value that is not a decimal integer, or past the s64 range. */
        NOT_A_COUNTER,
        /** The store could not be reached or failed (a Redis connection, a disk error). */
        UNAVAILABLE
    }

    private final Reason reason;

    public StateException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public StateException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
