package dev.sluice.server.metrics;

import dev.sluice.Sluice;
import dev.sluice.plugin.ServiceMetric;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Exports the host's metrics about plugins' use of services: a count as {@code
 * sluice_<service>_<name>_total}, a timing as {@code sluice_<service>_<name>_seconds_count}, {@code
 * _sum} and {@code _max}, a level (events waiting) as the gauge {@code sluice_<service>_<name>};
 * each tagged with the plugin and the metric's own labels. Read from the engine at scrape time, so
 * a service call pays only its own lock-free adder.
 */
final class ServiceMeters {

    private record Key(String plugin, String service, String name, Map<String, String> labels) {}

    private final MeterRegistry registry;
    private final Set<Key> registered = ConcurrentHashMap.newKeySet();
    private volatile Map<Key, ServiceMetric> latest = Map.of();

    ServiceMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void read(Sluice engine) {
        var now = new HashMap<Key, ServiceMetric>();
        for (var metric : engine.serviceMetrics()) {
            now.put(
                    new Key(metric.plugin(), metric.service(), metric.name(), metric.labels()),
                    metric);
        }
        latest = now;
        for (var entry : now.entrySet()) {
            var key = entry.getKey();
            if (!registered.add(key)) {
                continue;
            }
            var tags = Tags.of("plugin", key.plugin());
            for (var label : key.labels().entrySet()) {
                tags = tags.and(label.getKey(), label.getValue());
            }
            String base = "sluice." + key.service() + "." + key.name();
            if (entry.getValue() instanceof ServiceMetric.Count) {
                FunctionCounter.builder(
                                base,
                                this,
                                m ->
                                        m.latest.get(key) instanceof ServiceMetric.Count n
                                                ? n.total()
                                                : 0)
                        .description(key.service() + " " + key.name() + " by plugin")
                        .tags(tags)
                        .register(registry);
            } else if (entry.getValue() instanceof ServiceMetric.Gauge) {
                Gauge.builder(
                                base,
                                this,
                                m ->
                                        m.latest.get(key) instanceof ServiceMetric.Gauge g
                                                ? g.value()
                                                : Double.NaN)
                        .description(key.service() + " " + key.name() + " now, by plugin")
                        .tags(tags)
                        .register(registry);
            } else {
                timing(base, "count", key, tags, n -> n.count());
                timing(base, "sum", key, tags, n -> n.totalNanos() / 1e9);
                timing(base, "max", key, tags, n -> n.maxNanos() / 1e9);
            }
        }
    }

    private void timing(
            String base,
            String part,
            Key key,
            Tags tags,
            ToDoubleFunction<ServiceMetric.Timing> value) {
        Gauge.builder(
                        base + ".seconds." + part,
                        this,
                        m ->
                                m.latest.get(key) instanceof ServiceMetric.Timing t
                                        ? value.applyAsDouble(t)
                                        : Double.NaN)
                .description(key.service() + " " + key.name() + " time by plugin (" + part + ")")
                .tags(tags)
                .register(registry);
    }
}
