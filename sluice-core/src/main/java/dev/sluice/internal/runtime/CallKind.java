package dev.sluice.internal.runtime;

/** What a hook call is for, which decides what its failure means for the caller. */
enum CallKind {
    /** Decides a record before it is stored: a failure follows the plugin's on_error. */
    RECORD,
    /** Tells the plugin about records already stored: a failure changes nothing stored. */
    STORED,
    /**
     * Delivers a host event or a bus event: a failure is reported to the dispatcher (or counted by
     * the bus), never retried.
     */
    EVENT
}
