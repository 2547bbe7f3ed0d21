package dev.sluice.plugin;

/** What happens to a record when the plugin handling it fails (trap, timeout, bad output). */
public enum OnError {
    /** Fail closed: the record is rejected, naming the plugin and the failure. The default. */
    REJECT,
    /** Fail open: the record goes on as if the plugin had accepted it. */
    ALLOW
}
