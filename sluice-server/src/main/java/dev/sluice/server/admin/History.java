package dev.sluice.server.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.Sluice;
import dev.sluice.plugin.CallLatency;
import dev.sluice.plugin.PluginStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What each plugin did in every {@link #INTERVAL} over the last {@link #SPAN} ({@code GET
 * /admin/history}, the web UI's live chart): calls, rejections and failures in the interval, and
 * the p99 of its calls then. A bounded ring of samples taken by one daemon thread.
 */
public final class History implements AutoCloseable {

    public static final Duration INTERVAL = Duration.ofSeconds(5);
    public static final Duration SPAN = Duration.ofMinutes(10);
    static final int CAPACITY = (int) (SPAN.toMillis() / INTERVAL.toMillis());

    /** One plugin in one interval. */
    public record Figures(
            long calls, long rejected, long failures, @JsonProperty("p99_ms") double p99Ms) {}

    /** One interval: when it ended (epoch ms) and each plugin's figures in it. */
    public record Sample(long time, Map<String, Figures> plugins) {}

    private record Seen(long calls, long rejected, long failures, CallLatency latency) {}

    private final Sluice sluice;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>(CAPACITY);
    private final Map<String, Seen> last = new HashMap<>();
    private final ScheduledExecutorService timer;

    public History(Sluice sluice) {
        this.sluice = sluice;
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            var t = new Thread(r, "sluice-admin-history");
                            t.setDaemon(true);
                            return t;
                        });
        sample(); // the baseline the first interval is counted from
        timer.scheduleAtFixedRate(
                this::sample, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes one sample; also what the timer runs. */
    synchronized void sample() {
        var figures = new LinkedHashMap<String, Figures>();
        var seenNow = new HashMap<String, Seen>();
        for (PluginStatus p : sluice.plugins()) {
            var latency = sluice.latency(p.name()).orElse(CallLatency.empty());
            var now = new Seen(p.calls(), p.rejected(), p.failures(), latency);
            var before = last.get(p.name());
            seenNow.put(p.name(), now);
            if (before != null) {
                figures.put(
                        p.name(),
                        new Figures(
                                Math.max(0, now.calls() - before.calls()),
                                Math.max(0, now.rejected() - before.rejected()),
                                Math.max(0, now.failures() - before.failures()),
                                latency.since(before.latency()).percentileMillis(0.99)));
            }
        }
        boolean baseline = last.isEmpty() && samples.isEmpty();
        last.clear();
        last.putAll(seenNow);
        if (baseline) {
            return;
        }
        if (samples.size() == CAPACITY) {
            samples.removeFirst();
        }
        samples.addLast(
                new Sample(
                        System.currentTimeMillis(),
                        java.util.Collections.unmodifiableMap(figures)));
    }

    /** The samples, oldest first. */
    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
