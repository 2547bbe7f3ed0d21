package dev.sluice.record;

import java.util.Objects;

/** What the plugin chain decided about a record. */
public sealed interface Decision permits Decision.Accept, Decision.Reject {

    /** The record may be stored. */
    record Accept() implements Decision {}

    /**
     * The record must not be stored.
     *
     * @param plugin the name of the plugin that rejected it
     * @param reason why, in the plugin's words when it gave any
     */
    record Reject(String plugin, String reason) implements Decision {
        public Reject {
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(reason, "reason");
        }
    }

    Accept ACCEPT = new Accept();

    static Decision accept() {
        return ACCEPT;
    }

    static Decision reject(String plugin, String reason) {
        return new Reject(plugin, reason);
    }

    default boolean accepted() {
        return this instanceof Accept;
    }
}
