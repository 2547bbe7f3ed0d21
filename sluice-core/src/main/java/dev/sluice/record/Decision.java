package dev.sluice.record;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What the plugin chain decided about a record. Store the record only on {@link Accept}: test for
 * it, never for "not rejected", so a case added later is never stored by mistake.
 */
public sealed interface Decision permits Decision.Accept, Decision.Reject, Decision.Unavailable {

    /** The record may be stored. */
    record Accept() implements Decision {}

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

    static Decision accept() {
        return ACCEPT;
    }

    static Decision reject(String plugin, String reason) {
        return new Reject(plugin, reason);
    }
}
