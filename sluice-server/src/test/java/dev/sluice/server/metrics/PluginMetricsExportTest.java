package dev.sluice.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Sluice;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Record;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics a sluice-world plugin defines reach /metrics, tagged with the plugin's name. */
class PluginMetricsExportTest {

    @Test
    void aPluginsCounterIsScrapedWithItsName() {
        Path plugin = repository().resolve("plugins/sluice/mask-digits-rust.wasm");
        try (var sluice = Sluice.builder().build()) {
            var metrics = new ServerMetrics();
            metrics.watch(sluice);
            sluice.load(plugin, PluginSettings.defaults());
            sluice.enable("mask-digits-rust");
            assertThat(metrics.scrape()).doesNotContain("sluice_plugin_counter_total");

            sluice.process(
                    List.of(
                            Record.of("t", 0, null, "card 4111"),
                            Record.of("t", 0, null, "no digits"),
                            Record.of("t", 0, null, "pin 1234")));

            assertThat(metrics.scrape())
                    .contains(
                            "sluice_plugin_counter_total{name=\"records_masked\","
                                    + "plugin=\"mask-digits-rust\"} 2.0");
            sluice.process(List.of(Record.of("t", 0, null, "7")));
            assertThat(metrics.scrape())
                    .contains(
                            "sluice_plugin_counter_total{name=\"records_masked\","
                                    + "plugin=\"mask-digits-rust\"} 3.0");
        }
    }

    private static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("plugins/sluice"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
