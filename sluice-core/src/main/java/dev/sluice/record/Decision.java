package dev.sluice.record;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a plugin, or the whole chain, decided about a record: store it as it is ({@link Accept}),
 * store other records in its place ({@link Replace}: rewritten, split, routed, or none at all),
 * refuse it ({@link Reject}), or not decide now ({@link Unavailable}).
 *
 * <p>{@link #toStore} says what to store. Test for the cases that store, never for "not rejected",
 * so a case added later is never stored by mistake.
 */
public sealed interface Decision
        permits Decision.Accept, Decision.Replace, Decision.Reject, Decision.Unavailable {

    /** The record may be stored as it is. */
    record Accept() implements Decision {}

    /**
     * Store these records instead of the one given: none drops it quietly (a success, not a
     * rejection), several split it, a record naming another topic or partition routes it. From the
     * chain, these are what every plugin in turn made of the input.
     */
    record Replace(List<Record> records) implements Decision {
        public Replace {
            records = List.copyOf(records);
        }
    }

    /**
     * The record must not be stored: a plugin refused it, failed on it under {@code on_error:
     * reject}, or it is larger than a plugin accepts.
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

    /**
     * The record was not looked at and must not be stored; the producer may send it again later. A
     * server answers 503 with {@code Retry-After}.
     *
     * @param plugin the plugin that could not take it
     * @param cause why, as a kind
     * @param reason why, in one line naming the limit or failure
     * @param retryAfter when a retry may succeed
     */
    record Unavailable(String plugin, Cause cause, String reason, Duration retryAfter)
            implements Decision {
        public Unavailable {
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        /** The short error text a server answers with: "overloaded, retry", "plugin failed". */
        public String error() {
            return cause.text;
        }
    }

    /** Why a plugin could not take a record. */
    enum Cause {
        /** No instance, or no room in the memory budget for one, within the queue time. */
        OVERLOADED("overloaded, retry"),
        /** The plugin is FAILED (breaker open, or it could not be loaded) and fails closed. */
        FAILED("plugin failed"),
        /** The host failed while calling the plugin (not counted against the plugin). */
        HOST_FAILURE("host failure, retry");

        private final String text;

        Cause(String text) {
            this.text = text;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Accept ACCEPT = new Accept();

    /**
     * The records to store for {@code input}: the input itself on accept, the replacements on
     * replace, none otherwise.
     */
    default List<Record> toStore(Record input) {
        if (this instanceof Accept) {
            return List.of(input);
        }
        if (this instanceof Replace replace) {
            return replace.records();
        }
        return List.of();
    }

    /** Whether the decision stores what {@link #toStore} gives (accept or replace). */
    default boolean stores() {
        return this instanceof Accept || this instanceof Replace;
    }

    static Decision accept() {
        return ACCEPT;
    }

    static Decision reject(String plugin, String reason) {
        return new Reject(plugin, reason);
    }
}
