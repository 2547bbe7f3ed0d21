package dev.sluice.internal.metrics;

import dev.sluice.plugin.PluginMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics one plugin defines, shared by all its instances and kept across instance replacement.
 * A plugin cannot hurt the host through them: a name that is not a metric name, one used as two
 * kinds, or one past {@link #MAX_NAMES} is ignored and logged once (a plugin calling it in a loop
 * must not flood the log), never a trap.
 */
public final class PluginMetrics {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    /** The most metric names one plugin may define. */
    public static final int MAX_NAMES = 100;

    /** Prometheus' metric-name rule without colons, and short enough to read. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,63}");

    private enum Kind {
        COUNTER,
        GAUGE,
        HISTOGRAM;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One metric's live figures; each kind reads out as its public snapshot. */
    private sealed interface Metric {
        Kind kind();

        PluginMetric read(String plugin, String name);
    }

    private record Counter(LongAdder total) implements Metric {
        public Kind kind() {
            return Kind.COUNTER;
        }

        public PluginMetric read(String plugin, String name) {
            return new PluginMetric.Counter(plugin, name, total.sum());
        }
    }

    private record Gauge(AtomicLong bits) implements Metric {
        public Kind kind() {
            return Kind.GAUGE;
        }

        public PluginMetric read(String plugin, String name) {
            return new PluginMetric.Gauge(plugin, name, Double.longBitsToDouble(bits.get()));
        }
    }

    private record Histogram(LongAdder count, DoubleAdder sum, DoubleAccumulator max)
            implements Metric {
        public Kind kind() {
            return Kind.HISTOGRAM;
        }

        public PluginMetric read(String plugin, String name) {
            return new PluginMetric.Histogram(plugin, name, count.sum(), sum.sum(), max.get());
        }
    }

    private final String plugin;
    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();
    private final AtomicBoolean reportedBadName = new AtomicBoolean();
    private final AtomicBoolean reportedTooMany = new AtomicBoolean();

    public PluginMetrics(String plugin) {
        this.plugin = plugin;
    }

    public void counterAdd(String name, long delta) {
        if (metric(name, Kind.COUNTER) instanceof Counter c) {
            c.total().add(delta);
        }
    }

    public void gaugeSet(String name, double value) {
        if (metric(name, Kind.GAUGE) instanceof Gauge g) {
            g.bits().set(Double.doubleToRawLongBits(value));
        }
    }

    public void histogramRecord(String name, double value) {
        if (Double.isNaN(value)) {
            return; // a NaN would make the sum meaningless for good
        }
        if (metric(name, Kind.HISTOGRAM) instanceof Histogram h) {
            h.count().increment();
            h.sum().add(value);
            h.max().accumulate(value);
        }
    }

    /** Every metric as it stands now, sorted by name. */
    public List<PluginMetric> snapshot() {
        var out = new ArrayList<PluginMetric>(metrics.size());
        metrics.forEach((name, metric) -> out.add(metric.read(plugin, name)));
        out.sort(java.util.Comparator.comparing(PluginMetric::name));
        return out;
    }

    /** The metric called {@code name} of this kind, made on first use; null when refused. */
    private Metric metric(String name, Kind kind) {
        var existing = metrics.get(name);
        if (existing == null) {
            if (!NAME.matcher(name).matches()) {
                reportOnce(
                        reportedBadName,
                        "metric name '"
                                + dev.sluice.internal.contract.PluginText.escape(
                                        dev.sluice.internal.contract.PluginText.cut(name, 100))
                                + "' is not a metric name ([a-zA-Z_][a-zA-Z0-9_]*, at most 64"
                                + " characters); it is ignored, as are further bad names");
                return null;
            }
            if (metrics.size() >= MAX_NAMES) {
                reportOnce(
                        reportedTooMany,
                        "defines more than "
                                + MAX_NAMES
                                + " metric names; '"
                                + name
                                + "' and any further new names are ignored");
                return null;
            }
            existing = metrics.computeIfAbsent(name, n -> create(kind));
        }
        if (kind != existing.kind()) {
            reportOnce(
                    reportedBadName,
                    "metric '"
                            + name
                            + "' is a "
                            + existing.kind().label()
                            + ", not a "
                            + kind.label()
                            + "; the "
                            + kind.label()
                            + " call is ignored, as are further bad names");
            return null;
        }
        return existing;
    }

    private static Metric create(Kind kind) {
        return switch (kind) {
            case COUNTER -> new Counter(new LongAdder());
            case GAUGE -> new Gauge(new AtomicLong(Double.doubleToRawLongBits(0.0)));
            case HISTOGRAM ->
                    new Histogram(
                            new LongAdder(),
                            new DoubleAdder(),
                            new DoubleAccumulator(Math::max, Double.NEGATIVE_INFINITY));
        };
    }

    private void reportOnce(AtomicBoolean flag, String message) {
        if (flag.compareAndSet(false, true)) {
            LOG.warn("plugin {}: {}", plugin, message);
        }
    }
}
