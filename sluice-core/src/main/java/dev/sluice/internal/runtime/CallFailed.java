package dev.sluice.internal.runtime;

/** A call into a plugin failed; the message says why. The instance involved is never reused. */
final class CallFailed extends RuntimeException {

    /** Whose fault a failure is: only the plugin's count towards opening its breaker. */
    enum Blame {
        /** The guest trapped, overran its limit or broke the contract. */
        PLUGIN,
        /** The host failed (out of memory, a bug in host code): never held against the plugin. */
        HOST
    }

    private final String hook;
    private final Blame blame;

    CallFailed(String hook, String message, Throwable cause) {
        this(hook, message, cause, Blame.PLUGIN);
    }

    CallFailed(String hook, String message, Throwable cause, Blame blame) {
        super(message, cause, false, false);
        this.hook = hook;
        this.blame = blame;
    }

    /** The hook that was called ("on-record", "init", …). */
    String hook() {
        return hook;
    }

    Blame blame() {
        return blame;
    }
}
