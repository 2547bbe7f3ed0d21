package dev.sluice.internal.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.plugin.ServiceMetric;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DenialsTest {

    @Test
    void aRefusalNamesThePermissionAndTheSettingsKeyAndIsCounted() {
        var metrics = new ServiceMetrics("rate-limit");
        var denials = new Denials("rate-limit", metrics);

        assertThat(denials.deny(Permission.HTTP))
                .isEqualTo(
                        "permission 'http' is not granted to plugin rate-limit (settings:"
                                + " plugins.rate-limit.permissions)");
        denials.deny(Permission.HTTP);
        denials.deny(Permission.STATE, "state: key too long");

        assertThat(denials.count(Permission.HTTP)).isEqualTo(2);
        assertThat(denials.count(Permission.STATE)).isEqualTo(1);
        assertThat(denials.count(Permission.EVENTS)).isZero();
        assertThat(metrics.snapshot())
                .containsExactlyInAnyOrder(
                        new ServiceMetric.Count("rate-limit", "http", "denied", Map.of(), 2),
                        new ServiceMetric.Count("rate-limit", "state", "denied", Map.of(), 1));
    }

    @Test
    void timingsKeepCountSumAndMaximumPerLabels() {
        var metrics = new ServiceMetrics("p");
        metrics.time(Permission.HTTP, "latency", Map.of("status", "200"), 5);
        metrics.time(Permission.HTTP, "latency", Map.of("status", "200"), 9);
        metrics.time(Permission.HTTP, "latency", Map.of("status", "500"), 1);

        assertThat(metrics.snapshot())
                .containsExactlyInAnyOrder(
                        new ServiceMetric.Timing(
                                "p", "http", "latency", Map.of("status", "200"), 2, 14, 9),
                        new ServiceMetric.Timing(
                                "p", "http", "latency", Map.of("status", "500"), 1, 1, 1));
    }
}
