package dev.sluice.internal.runtime;

import dev.sluice.plugin.OnError;
import dev.sluice.plugin.PluginActivity;
import dev.sluice.plugin.PluginActivityListener;
import dev.sluice.record.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin's failure policy: turns what became of a call (the breaker refused it, no instance in
 * time, a failure of the plugin or of the host) into the record's decision, the log line and the
 * counts, and tells the breaker.
 */
final class FailurePolicy {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    private final String plugin;
    private final OnError onError;
    private final Breaker breaker;
    private final Counters counters;
    private final PluginActivityListener activity;

    FailurePolicy(
            String plugin,
            OnError onError,
            Breaker breaker,
            Counters counters,
            PluginActivityListener activity) {
        this.plugin = plugin;
        this.onError = onError;
        this.breaker = breaker;
        this.counters = counters;
        this.activity = activity;
    }

    /** Tells the activity listener; one that throws never changes what the record gets. */
    private void tell(PluginActivity.FailureKind kind, String message) {
        try {
            activity.onActivity(new PluginActivity.Failed(plugin, Instant.now(), kind, message));
        } catch (RuntimeException e) {
            LOG.warn("activity listener failed on plugin {}: {}", plugin, e.toString());
        }
    }

    /** What a record gets while the breaker is open: the plugin's on_error, without a call. */
    Decision whileFailed() {
        return switch (onError) {
            case ALLOW -> Decision.accept();
            case REJECT ->
                    new Decision.Unavailable(
                            plugin,
                            Decision.Cause.FAILED,
                            refusal()
                                    + "; its records are refused (on_error: reject) until a"
                                    + " trial after the backoff succeeds",
                            atLeastASecond(breaker.untilTrial()));
        };
    }

    /** Why the plugin is not called while its breaker is open. */
    String refusal() {
        return "plugin "
                + plugin
                + " is Failed ("
                + Optional.ofNullable(breaker.reason()).orElse("failing")
                + ")";
    }

    Decision overloaded(Overloaded e, boolean trial) {
        if (trial) {
            breaker.abandon();
        }
        return new Decision.Unavailable(
                plugin, Decision.Cause.OVERLOADED, e.getMessage(), Duration.ofSeconds(1));
    }

    Decision failed(CallFailed failure, boolean trial, CallKind kind) {
        boolean record = kind == CallKind.RECORD;
        String outcome =
                switch (kind) {
                    case RECORD ->
                            onError == OnError.REJECT
                                    ? "record rejected (on_error: reject)"
                                    : "record allowed (on_error: allow)";
                    case STORED -> "the record was already stored";
                    case EVENT -> "the event is not delivered again";
                };
        if (failure.blame() == CallFailed.Blame.HOST) {
            counters.hostFailures.increment();
            if (trial) {
                breaker.abandon();
            }
            LOG.error(
                    "host failure in plugin {}'s {}: {}; not counted against the plugin, {}",
                    plugin,
                    failure.hook(),
                    failure.getMessage(),
                    outcome,
                    failure.getCause());
            tell(
                    PluginActivity.FailureKind.HOST,
                    failure.hook() + " " + failure.getMessage() + "; " + outcome);
            return record && onError == OnError.REJECT
                    ? new Decision.Unavailable(
                            plugin,
                            Decision.Cause.HOST_FAILURE,
                            "the host failed calling plugin "
                                    + plugin
                                    + ": "
                                    + failure.getMessage(),
                            Duration.ofSeconds(1))
                    : Decision.accept();
        }
        counters.failures.increment();
        String cause = failure.hook() + " " + failure.getMessage();
        boolean opened = breaker.failed(trial, cause);
        LOG.warn(
                "plugin {}: {} {}; instance discarded, {}",
                plugin,
                failure.hook(),
                failure.getMessage(),
                outcome);
        tell(PluginActivity.FailureKind.CALL, cause + "; " + outcome);
        if (LOG.isDebugEnabled() && failure.getCause() != null) {
            LOG.debug("plugin {}: failure detail", plugin, failure.getCause());
        }
        if (opened) {
            LOG.error(
                    "plugin {} moved to Failed ({}); it follows on_error: {} without being called"
                            + " until a trial call in {}",
                    plugin,
                    breaker.reason(),
                    onError.name().toLowerCase(Locale.ROOT),
                    Failures.formatWait(breaker.untilTrial()));
            tell(
                    PluginActivity.FailureKind.BREAKER,
                    "moved to Failed ("
                            + breaker.reason()
                            + "); on_error: "
                            + onError.name().toLowerCase(Locale.ROOT)
                            + " until a trial call");
        }
        return record && onError == OnError.REJECT
                ? Decision.reject(plugin, "plugin failed: " + failure.getMessage())
                : Decision.accept();
    }

    private static Duration atLeastASecond(Duration d) {
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    }
}
