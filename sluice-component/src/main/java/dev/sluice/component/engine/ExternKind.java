package dev.sluice.component.engine;

/** What kind of thing a core module imports or exports. */
public enum ExternKind {
    FUNCTION,
    TABLE,
    MEMORY,
    GLOBAL,
    TAG;
}
