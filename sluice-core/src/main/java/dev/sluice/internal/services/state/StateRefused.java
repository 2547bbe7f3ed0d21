package dev.sluice.internal.services.state;

/**
 * A state call that did nothing, with the error the plugin is answered: the sluice world returns
 * the message as {@code err}, OurChat's {@code kv_*} imports return {@link #code()}.
 */
public final class StateRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * OurChat's codes (docs/ourchat-plugins.md; -1 is {@code kv_get}'s "absent"): the permission is
     * not granted.
     */
    public static final int DENIED = -2;

    /** A key, value, key-count or total-bytes limit. */
    public static final int LIMIT = -3;

    /** {@code kv_increment} on a value that is not a counter, or past the s64 range. */
    public static final int NOT_A_COUNTER = -4;

    /** The store failed (its connection, its disk). */
    public static final int UNAVAILABLE = -5;

    private final int code;

    public StateRefused(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
