package dev.sluice.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.sluice.plugin.PluginMetric;
import dev.sluice.testing.LogCapture;
import org.junit.jupiter.api.Test;

class PluginMetricsTest {

    @Test
    void keepsCountersGaugesAndHistograms() {
        var metrics = new PluginMetrics("p");
        metrics.counterAdd("seen", 2);
        metrics.counterAdd("seen", 3);
        metrics.gaugeSet("depth", 1.5);
        metrics.gaugeSet("depth", -4);
        metrics.histogramRecord("size", 2);
        metrics.histogramRecord("size", 8);

        assertThat(metrics.snapshot())
                .containsExactly(
                        new PluginMetric.Gauge("p", "depth", -4),
                        new PluginMetric.Counter("p", "seen", 5),
                        new PluginMetric.Histogram("p", "size", 2, 10, 8));
    }

    @Test
    void badNamesKindClashesAndTooManyNamesAreIgnoredAndLoggedOnce() {
        try (var log = LogCapture.of("dev.sluice.plugins")) {
            var metrics = new PluginMetrics("p");
            metrics.counterAdd("bad name\n", 1);
            metrics.counterAdd("also-bad", 1);
            metrics.counterAdd("n", 1);
            metrics.gaugeSet("n", 2);
            for (int i = 0; i < PluginMetrics.MAX_NAMES + 10; i++) {
                metrics.counterAdd("c" + i, 1);
            }

            assertThat(metrics.snapshot()).hasSize(PluginMetrics.MAX_NAMES);
            assertThat(metrics.snapshot()).contains(new PluginMetric.Counter("p", "n", 1));
            var warnings = log.messages(Level.WARN, "plugins");
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(0)).contains("is not a metric name");
            assertThat(warnings.get(1)).contains("more than 100 metric names");
        }
    }
}
