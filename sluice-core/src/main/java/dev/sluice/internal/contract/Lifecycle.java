package dev.sluice.internal.contract;

/** Plugin-level transitions that contracts may have hooks for. */
public enum Lifecycle {
    ENABLE,
    DISABLE,
    UNLOAD
}
