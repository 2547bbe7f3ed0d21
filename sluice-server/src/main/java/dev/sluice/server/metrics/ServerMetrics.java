package dev.sluice.server.metrics;

import dev.sluice.Sluice;
import dev.sluice.plugin.PluginEvent;
import dev.sluice.plugin.PluginMetric;
import dev.sluice.plugin.PluginState;
import dev.sluice.plugin.PluginStatus;
import dev.sluice.record.Decision;
import dev.sluice.server.log.RecordLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    /** The engine whose plugins' own metrics each scrape exports; null until watched. */
    private volatile Sluice sluice;

    /** The plugins' metrics as the last scrape read them, by plugin and name. */
    private volatile Map<List<String>, PluginMetric> pluginMetrics = Map.of();

    private final Set<List<String>> registered = ConcurrentHashMap.newKeySet();
    private final Timer produceLatency;
    private final ServiceMeters serviceMeters = new ServiceMeters(registry);

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
    public void watch(RecordLog log) {
        Gauge.builder("sluice.storage.bytes", log, RecordLog::bytes)
                .description(
                        "What the stored records take: heap estimate in memory, file bytes on disk")
                .register(registry);
        Gauge.builder("sluice.storage.max.bytes", log, RecordLog::maxBytes)
                .description("storage.retention.max_bytes (on disk: per partition)")
                .register(registry);
        Gauge.builder("sluice.storage.records", log, RecordLog::size)
                .description("Records stored now")
                .register(registry);
        FunctionCounter.builder("sluice.storage.removed", log, RecordLog::removed)
                .description("Records retention removed (max_bytes, max_age)")
                .register(registry);
    }

    /** Exposes each loaded plugin's counters and state, and the metrics plugins define. */
    public void watch(Sluice sluice) {
        this.sluice = sluice;
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
        var engine = sluice;
        if (engine != null) {
            readPluginMetrics(engine);
            serviceMeters.read(engine);
        }
        return registry.scrape();
    }

    /**
     * Reads the metrics plugins define (sluice world) and registers a meter for each new one:
     * {@code sluice_plugin_counter_total}, {@code sluice_plugin_gauge}, and a histogram as {@code
     * sluice_plugin_histogram_count}, {@code _sum} and {@code _max}, tagged with the plugin and the
     * metric's name. The engine bounds how many names a plugin may define.
     */
    private void readPluginMetrics(Sluice engine) {
        var latest = new HashMap<List<String>, PluginMetric>();
        for (var metric : engine.pluginMetrics()) {
            var key = List.of(metric.plugin(), metric.name());
            latest.put(key, metric);
        }
        pluginMetrics = latest;
        for (var entry : latest.entrySet()) {
            if (!registered.add(entry.getKey())) {
                continue;
            }
            var metric = entry.getValue();
            var tags = Tags.of("plugin", metric.plugin(), "name", metric.name());
            var key = entry.getKey();
            if (metric instanceof PluginMetric.Counter) {
                FunctionCounter.builder(
                                "sluice.plugin.counter",
                                this,
                                m ->
                                        m.pluginMetrics.get(key) instanceof PluginMetric.Counter c
                                                ? unsigned(c.total())
                                                : 0)
                        .description("A counter a plugin defined (metrics.counter-add)")
                        .tags(tags)
                        .register(registry);
            } else if (metric instanceof PluginMetric.Gauge) {
                Gauge.builder(
                                "sluice.plugin.gauge",
                                this,
                                m ->
                                        m.pluginMetrics.get(key) instanceof PluginMetric.Gauge g
                                                ? g.value()
                                                : Double.NaN)
                        .description("A gauge a plugin defined (metrics.gauge-set)")
                        .tags(tags)
                        .register(registry);
            } else if (metric instanceof PluginMetric.Histogram) {
                histogramPart("count", "Values recorded", key, tags, PluginMetric.Histogram::count);
                histogramPart("sum", "Sum of the values recorded", key, tags, h -> h.sum());
                histogramPart("max", "Largest value recorded", key, tags, h -> h.max());
            }
        }
    }

    private void histogramPart(
            String part,
            String description,
            List<String> key,
            Tags tags,
            ToDoubleFunction<PluginMetric.Histogram> value) {
        Gauge.builder(
                        "sluice.plugin.histogram." + part,
                        this,
                        m ->
                                m.pluginMetrics.get(key) instanceof PluginMetric.Histogram h
                                        ? value.applyAsDouble(h)
                                        : Double.NaN)
                .description(description + " by a histogram a plugin defined")
                .tags(tags)
                .register(registry);
    }

    /** A u64 counter as Prometheus' double. */
    private static double unsigned(long total) {
        return total >= 0 ? total : total + 0x1p64;
    }
}
