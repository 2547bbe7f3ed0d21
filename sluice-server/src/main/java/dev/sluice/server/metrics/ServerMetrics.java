package dev.sluice.server.metrics;

import dev.sluice.Sluice;
import dev.sluice.plugin.PluginEvent;
import dev.sluice.plugin.PluginState;
import dev.sluice.plugin.PluginStatus;
import dev.sluice.record.Decision;
import dev.sluice.server.log.TopicLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The server's metrics, in Prometheus text format. Record counters are incremented on the produce
 * path; per-plugin figures are read from the engine's own counters at scrape time, so plugins cost
 * nothing extra per record.
 */
public final class ServerMetrics {

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter accepted;
    private final Timer produceLatency;

    public ServerMetrics() {
        accepted =
                Counter.builder("sluice.records.accepted")
                        .description("Records that passed the plugin chain and were stored")
                        .register(registry);
        produceLatency =
                Timer.builder("sluice.produce.latency")
                        .description(
                                "Time to run the chain over a request and store what it let through")
                        .register(registry);
    }

    /** Records stored (what the chain let through, counted once stored). */
    public void accepted(int records) {
        accepted.increment(records);
    }

    public void rejected(String plugin) {
        Counter.builder("sluice.records.rejected")
                .description("Records a plugin rejected")
                .tag("plugin", plugin)
                .register(registry)
                .increment();
    }

    /** A record answered 503: overloaded, a failed plugin failing closed, or a host failure. */
    public void unavailable(String plugin, Decision.Cause cause) {
        Counter.builder("sluice.records.unavailable")
                .description("Records answered 503 (not looked at; the producer may retry)")
                .tag("plugin", plugin)
                .tag("cause", cause.label())
                .register(registry)
                .increment();
    }

    public void event(PluginEvent event) {
        Counter.builder("sluice.plugin.events")
                .description("Events plugins published")
                .tag("plugin", event.plugin())
                .register(registry)
                .increment();
    }

    public Timer produceLatency() {
        return produceLatency;
    }

    /** Exposes what the topic log holds and what retention removed. */
    public void watch(TopicLog log) {
        Gauge.builder("sluice.storage.bytes", log, TopicLog::bytes)
                .description("What the stored records cost on the heap (estimate)")
                .register(registry);
        Gauge.builder("sluice.storage.max.bytes", log, TopicLog::maxBytes)
                .description("storage.retention.max_bytes")
                .register(registry);
        Gauge.builder("sluice.storage.records", log, TopicLog::size)
                .description("Records stored now")
                .register(registry);
        FunctionCounter.builder("sluice.storage.removed", log, TopicLog::removed)
                .description("Records retention removed to stay within max_bytes")
                .register(registry);
    }

    /** Exposes each loaded plugin's counters and state. */
    public void watch(Sluice sluice) {
        for (PluginStatus status : sluice.plugins()) {
            String name = status.name();
            counter(
                    sluice,
                    name,
                    "sluice.plugin.calls",
                    "Calls into the plugin",
                    PluginStatus::calls);
            counter(
                    sluice,
                    name,
                    "sluice.plugin.failures",
                    "Calls that failed",
                    PluginStatus::failures);
            counter(
                    sluice,
                    name,
                    "sluice.plugin.host.failures",
                    "Calls that failed through the host's fault (never counted against the plugin)",
                    PluginStatus::hostFailures);
            Gauge.builder(
                            "sluice.plugin.breaker",
                            sluice,
                            s ->
                                    s.plugin(name)
                                            .map(p -> (double) p.breaker().ordinal())
                                            .orElse(Double.NaN))
                    .description("Circuit breaker: 0 closed, 1 open, 2 half-open")
                    .tag("plugin", name)
                    .register(registry);
            counter(
                    sluice,
                    name,
                    "sluice.plugin.rejections",
                    "Records the plugin rejected",
                    PluginStatus::rejected);
            Gauge.builder(
                            "sluice.plugin.enabled",
                            sluice,
                            s -> state(s, name) == PluginState.ENABLED ? 1 : 0)
                    .description("1 while the plugin sees records")
                    .tag("plugin", name)
                    .register(registry);
            Gauge.builder(
                            "sluice.plugin.failed",
                            sluice,
                            s -> state(s, name) == PluginState.FAILED ? 1 : 0)
                    .description("1 while the plugin is Failed (its breaker is not closed)")
                    .tag("plugin", name)
                    .register(registry);
        }
    }

    private void counter(
            Sluice sluice,
            String plugin,
            String name,
            String description,
            ToDoubleFunction<PluginStatus> value) {
        FunctionCounter.builder(
                        name, sluice, s -> s.plugin(plugin).map(value::applyAsDouble).orElse(0.0))
                .description(description)
                .tag("plugin", plugin)
                .register(registry);
    }

    private static PluginState state(Sluice sluice, String name) {
        return sluice.plugin(name).map(PluginStatus::state).orElse(null);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
