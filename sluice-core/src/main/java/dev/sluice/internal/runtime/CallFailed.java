package dev.sluice.internal.runtime;

/** A call into a plugin failed; the message says why. The instance involved is never reused. */
final class CallFailed extends RuntimeException {

    private final String hook;

    CallFailed(String hook, String message, Throwable cause) {
        super(message, cause, false, false);
        this.hook = hook;
    }

    /** The hook that was called ("on-record", "instantiation", …). */
    String hook() {
        return hook;
    }
}
