package dev.sluice.plugin;

import java.time.Instant;
import java.util.Objects;

/**
 * Something one plugin did that an operator may want to see later: a line it logged, or a call of
 * it that failed. A server keeps the last few of each per plugin (the management API's {@code logs}
 * and {@code failures}); see {@link PluginActivityListener}.
 */
public sealed interface PluginActivity {

    /** The plugin's name. */
    String plugin();

    Instant time();

    /**
     * A line the plugin logged, as the host log got it (cut and escaped), whatever the host log's
     * level: {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR}.
     */
    record Logged(String plugin, Instant time, String level, String message)
            implements PluginActivity {
        public Logged {
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(message, "message");
        }
    }

    /** A failure: what kind, and the message the host log got. */
    record Failed(String plugin, Instant time, FailureKind kind, String message)
            implements PluginActivity {
        public Failed {
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /** What failed. */
    enum FailureKind {
        /** A call the plugin failed: trap, time limit, bad output. Counts towards its breaker. */
        CALL,
        /** A call the host failed (out of memory, a host bug); never held against the plugin. */
        HOST,
        /** A lifecycle hook (enable, disable, unload) failed; the instance was discarded. */
        HOOK,
        /** The breaker opened: the plugin is FAILED and follows its on_error. */
        BREAKER,
        /** The plugin could not be loaded (a retry of a plugin the chain must have). */
        LOAD
    }
}
