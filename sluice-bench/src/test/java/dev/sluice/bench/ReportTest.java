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
                                row("sluice-rust@100/2t", 440),
                                row("world-filter-rust@100", 200),
                                row("world-accept-all@100", 30),
                                row("blink-filter-rust@100", 500),
                                row("world-transform-rust@100", 300)));
        var report =
                new Report(
                        rows,
                        List.of(
                                new ColdStarts.Result(
                                        "content-filter.wasm",
                                        "Debian 17.0.15+6",
                                        "-XX:SharedArchiveFile=a.jsa",
                                        500,
                                        300,
                                        90,
                                        250,
                                        150,
                                        18),
                                new ColdStarts.Result(
                                        "content-filter.wasm",
                                        "Eclipse Adoptium 25.0.3+9-LTS",
                                        "-XX:AOTCache=b.aot",
                                        200,
                                        120,
                                        40,
                                        60,
                                        30,
                                        8)),
                        1_000_000,
                        List.of(
                                http(0, 10_000, 1, 50, 1),
                                http(1, 9_500, 0.95, 52, 0.96),
                                http(3, 9_000, 0.9, 55, 0.91)),
                        "interpreter only",
                        List.of(
                                js(
                                        "sluice-chicory",
                                        true,
                                        60_000,
                                        new double[][] {
                                            {0, 2400},
                                            {2400, 4400},
                                            {4400, 5840},
                                            {5840, 7312},
                                            {7312, 8800}
                                        },
                                        16),
                                // Loads faster, runs slower: not the one the summary takes.
                                js(
                                        "sluice-other",
                                        true,
                                        1_000,
                                        new double[][] {{0, 3200}, {3200, 6400}, {6400, 9600}},
                                        16),
                                js(
                                        "node-v8",
                                        false,
                                        200,
                                        new double[][] {
                                            {0, 1000}, {1000, 2000}, {2000, 3000}, {3000, 4000}
                                        },
                                        800)));

        assertThat(report.line())
                .isEqualTo(
                        "sluice-bench: ns_per_record=400 ns_per_record_10k=8000"
                                + " host_overhead_ns=100 batch_ns_per_record=200"
                                + " host_overhead_batch_ns=30 batch_vs_blink=2.50"
                                + " transform_vs_filter=1.50 vs_chicory=1.50 vs_java=0.025"
                                + " vs_extism=10.00 vs_v8=0.75 vs_v8_10k=0.50"
                                + " vs_interpreter=100.0 cold_start_ms=500 cached_start_ms=250"
                                + " aot_cold_start_ms=200 aot_cached_start_ms=60"
                                // Chicory steady at 90, 92, 93 ms; V8 at 1.25 ms after a first
                                // window of 800 records in one second.
                                + " js_ns_per_record=92000000 js_vs_v8=73.60 js_load_ms=60000");
        assertThat(summary(report, "js_time_to_steady_ms")).isEqualTo(4400.0);
        assertThat(report.summary().get("js_engine")).isEqualTo("sluice-chicory");
        var summary = report.summary();
        assertThat((double) summary.get("two_thread_scaling")).isCloseTo(1.818, within());
        assertThat((double) summary.get("component_vs_core")).isCloseTo(1.3, within());
        assertThat((double) summary.get("component_vs_core_10k")).isCloseTo(1.1, within());
        assertThat((double) summary.get("http_overhead_1_plugin")).isCloseTo(0.05, within());
        assertThat(report.markdown())
                .contains("| chicory-plain-rust | 100 B | 600.0 | 1.0 | 1,666,667 | 1.50 |")
                .contains(
                        "| content-filter.wasm | Debian 17.0.15+6 | 500 ms (300) | 90 ms | 250 ms"
                                + " (150) | 18.0 ms | `-XX:SharedArchiveFile=a.jsa` |")
                .contains(
                        "| content-filter.wasm | Eclipse Adoptium 25.0.3+9-LTS | 200 ms (120) |"
                                + " 40 ms | 60 ms (30) | 8.0 ms | `-XX:AOTCache=b.aot` |")
                .contains(
                        "| sluice-chicory | Debian 17 | 60000 ms (CPU 30000) | 6000 ms | 150.0 ms |"
                                + " 92.0 ms (46.0 ms) | 4.4 s | 5 windows, 9 s | 73.60 |")
                .contains(
                        "| node-v8 | node v20 | 200 ms (+ 2000 ms transpiling) | — | 1.3 ms |"
                                + " 1.3 ms | 0.0 s | 4 windows, 4 s | 1.00 |")
                .contains(
                        "| 1 | 9,500 (9,000–10,000) | 95.0% (90.0%–97.0%) | 52.0 µs (50.0 µs–55.0 µs)"
                                + " | 96.0% (94.0%–98.0%) | 0.40 ms | 2.00 ms | 14 s | 2 of 47,500 |");
        assertThat((double) summary.get("http_ratio_3_plugins")).isCloseTo(0.9, within());
        assertThat((double) summary.get("http_cpu_ratio_1_plugin")).isCloseTo(0.96, within());
    }

    private static double summary(Report report, String key) {
        return (double) report.summary().get(key);
    }

    /** A JavaScript row: windows of {@code records} records each, {start, end} in ms. */
    private static JsBench.Result js(
            String engine, boolean sluice, double loadMs, double[][] windows, long records) {
        var list = new ArrayList<Timeline.Window>();
        for (double[] w : windows) {
            // Sluice's rows say how long the thread was on a CPU: here half the time.
            list.add(
                    new Timeline.Window(
                            w[0], w[1], records, sluice ? (w[1] - w[0]) / 2 : Double.NaN));
        }
        return new JsBench.Result(
                engine,
                sluice ? "Debian 17" : "node v20",
                sluice,
                loadMs,
                sluice ? loadMs / 2 : Double.NaN,
                sluice ? loadMs / 10 : Double.NaN,
                sluice ? Double.NaN : 2000,
                new Timeline(list));
    }

    /** A chain's figures whose ranges lie around the median at a known distance. */
    private static HttpResult http(
            int plugins, double rps, double ratio, double cpuMicros, double cpuRatio) {
        return new HttpResult(
                plugins,
                5,
                new Spread(rps, rps - 500, rps + 500),
                new Spread(ratio, ratio - 0.05, ratio + 0.02),
                new Spread(cpuMicros, cpuMicros - 2, cpuMicros + 3),
                new Spread(cpuRatio, cpuRatio - 0.02, cpuRatio + 0.02),
                0.4,
                2,
                14,
                47_500,
                plugins == 1 ? 2 : 0);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.001);
    }
}
