package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Measured row(String name, double ns) {
        return new Measured(name, ns, 1, "1 thread");
    }

    @Test
    void ratiosArePeerOverSluiceOnTheSameSizeAndTheLineHasEveryField() {
        var rows =
                new ArrayList<>(
                        List.of(
                                row("sluice-rust@100", 400),
                                row("sluice-rust@10240", 8000),
                                row("sluice-c@100", 500),
                                row("sluice-component-rust@100", 520),
                                row("sluice-component-rust@10240", 8800),
                                row("sluice-accept-all@100", 100),
                                row("sluice-interpreter-rust@100", 40_000),
                                row("java@100", 10),
                                row("chicory-plain-rust@100", 600),
                                row("extism@100", 5000),
                                row("node-v8-rust@100", 300),
                                row("node-v8-rust@10240", 4000),
                                row("sluice-rust@100/1t", 400),
                                row("sluice-rust@100/2t", 440)));
        var report =
                new Report(
                        rows,
                        List.of(new ColdStarts.Result("content-filter.wasm", 500, 90, 250, 18)),
                        1_000_000,
                        List.of(
                                new HttpResult(
                                        0, 5, 10_000, 9_000, 11_000, 0.4, 2, 1, 1, 1, 12, 50_000,
                                        0),
                                new HttpResult(
                                        1, 5, 9_500, 8_000, 10_000, 0.45, 2.2, 0.95, 0.9, 0.97, 14,
                                        47_500, 2),
                                new HttpResult(
                                        3, 5, 9_000, 8_500, 9_900, 0.5, 2.5, 0.9, 0.85, 0.93, 13,
                                        45_000, 0)),
                        "interpreter only");

        assertThat(report.line())
                .isEqualTo(
                        "sluice-bench: ns_per_record=400 ns_per_record_10k=8000"
                                + " host_overhead_ns=100 vs_chicory=1.50 vs_java=0.025"
                                + " vs_extism=10.00 vs_v8=0.75 vs_v8_10k=0.50"
                                + " vs_interpreter=100.0 cold_start_ms=500 cached_start_ms=250");
        var summary = report.summary();
        assertThat((double) summary.get("two_thread_scaling")).isCloseTo(1.818, within());
        assertThat((double) summary.get("component_vs_core")).isCloseTo(1.3, within());
        assertThat((double) summary.get("component_vs_core_10k")).isCloseTo(1.1, within());
        assertThat((double) summary.get("http_overhead_1_plugin")).isCloseTo(0.05, within());
        assertThat(report.markdown())
                .contains("| chicory-plain-rust | 100 B | 600.0 | 1.0 | 1,666,667 | 1.50 |")
                .contains("| content-filter.wasm | 500 ms | 90 ms | 250 ms | 18.0 ms |")
                .contains(
                        "| 1 | 9,500 | 8,000–10,000 | 0.45 ms | 2.20 ms | 95.0% | 90.0–97.0% | 14 s | 2 of 47,500 |");
        assertThat((double) summary.get("http_ratio_3_plugins")).isCloseTo(0.9, within());
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.001);
    }
}
