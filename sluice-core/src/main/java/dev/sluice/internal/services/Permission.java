package dev.sluice.internal.services;

/** A host service that needs a grant in {@code plugins.<name>.permissions}. */
public enum Permission {
    STATE("state"),
    EVENTS("events"),
    HTTP("http");

    private final String key;

    Permission(String key) {
        this.key = key;
    }

    /** The name in settings, errors and metrics. */
    public String key() {
        return key;
    }
}
