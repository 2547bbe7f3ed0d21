package dev.sluice.internal.services;

import dev.sluice.plugin.ServiceMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The host's own metrics about one plugin's use of its services. Updates are lock-free (adders
 * keyed by service, name and labels), so counting never serialises the calls it counts. Callers
 * keep labels bounded: an operation, a status code, a granted channel — never a key or a URL.
 */
public final class ServiceMetrics {

    private record Key(Permission service, String name, Map<String, String> labels) {}

    /**
     * A count with one label whose values are not known in advance (a channel, say), for a hot path
     * to count by {@link #count(Family, String, long)} without building a key each time. Hold it in
     * a constant.
     */
    public record Family(Permission service, String name, String label) {}

    private static final class Timer {
        final LongAdder count = new LongAdder();
        final LongAdder total = new LongAdder();
        final LongAccumulator max = new LongAccumulator(Math::max, 0);
    }

    private final String plugin;
    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Key, LongSupplier> gauges = new ConcurrentHashMap<>();
    private final Map<Family, Map<String, LongAdder>> families = new ConcurrentHashMap<>();

    public ServiceMetrics(String plugin) {
        this.plugin = plugin;
    }

    public void count(Permission service, String name, Map<String, String> labels, long delta) {
        counts.computeIfAbsent(new Key(service, name, Map.copyOf(labels)), k -> new LongAdder())
                .add(delta);
    }

    /**
     * The adder behind one count, for a caller on a hot path to resolve once and add to directly.
     */
    public LongAdder counter(Permission service, String name, Map<String, String> labels) {
        return counts.computeIfAbsent(
                new Key(service, name, Map.copyOf(labels)), k -> new LongAdder());
    }

    /**
     * Counts one of a family: the same count as {@code count(service, name, Map.of(label, value),
     * delta)}, but once a value was seen, nothing is allocated.
     */
    public void count(Family family, String value, long delta) {
        var byValue = families.get(family);
        if (byValue == null) {
            byValue = families.computeIfAbsent(family, f -> new ConcurrentHashMap<>());
        }
        var adder = byValue.get(value);
        if (adder == null) {
            adder =
                    byValue.computeIfAbsent(
                            value,
                            v ->
                                    counter(
                                            family.service(),
                                            family.name(),
                                            Map.of(family.label(), v)));
        }
        adder.add(delta);
    }

    public void count(Permission service, String name, long delta) {
        count(service, name, Map.of(), delta);
    }

    public void time(Permission service, String name, Map<String, String> labels, long nanos) {
        var timer =
                timers.computeIfAbsent(
                        new Key(service, name, Map.copyOf(labels)), k -> new Timer());
        timer.count.increment();
        timer.total.add(nanos);
        timer.max.accumulate(nanos);
    }

    /**
     * A level read when the metrics are, such as the keys a plugin holds or the events waiting for
     * a subscriber; replaces one of the same key.
     */
    public void gauge(
            Permission service, String name, Map<String, String> labels, LongSupplier value) {
        gauges.put(new Key(service, name, Map.copyOf(labels)), value);
    }

    /** Stops reporting a level (what it measured is gone), unless another replaced it since. */
    public void removeGauge(
            Permission service, String name, Map<String, String> labels, LongSupplier value) {
        gauges.remove(new Key(service, name, labels), value);
    }

    /** The total of one count (0 if never counted). */
    public long total(Permission service, String name, Map<String, String> labels) {
        var adder = counts.get(new Key(service, name, labels));
        return adder == null ? 0 : adder.sum();
    }

    /** Everything counted and timed, as it stands now. */
    public List<ServiceMetric> snapshot() {
        var all = new ArrayList<ServiceMetric>(counts.size() + timers.size() + gauges.size());
        counts.forEach(
                (k, v) ->
                        all.add(
                                new ServiceMetric.Count(
                                        plugin, k.service().key(), k.name(), k.labels(), v.sum())));
        timers.forEach(
                (k, t) ->
                        all.add(
                                new ServiceMetric.Timing(
                                        plugin,
                                        k.service().key(),
                                        k.name(),
                                        k.labels(),
                                        t.count.sum(),
                                        t.total.sum(),
                                        t.max.get())));
        gauges.forEach(
                (k, v) -> {
                    long value;
                    try {
                        value = v.getAsLong();
                    } catch (RuntimeException e) {
                        return; // a store that cannot answer now: no sample, not a failed scrape
                    }
                    all.add(
                            new ServiceMetric.Level(
                                    plugin, k.service().key(), k.name(), k.labels(), value));
                });
        return all;
    }
}
