package dev.sluice.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one run's figures into the Markdown table, the summary ratios and the closing line. Ratios
 * are peer time / Sluice time on the same value size, so above 1 means Sluice is faster. Sluice's
 * reference is its Rust row, except for rows running the C rules (the C plugin, Extism's plugin and
 * the native build), which are set against Sluice running the C plugin.
 */
final class Report {

    private final Map<String, Measured> rows = new LinkedHashMap<>();
    private final List<ColdStarts.Result> coldStarts;
    private final long heapPerInstance;
    private final List<HttpResult> http;
    private final String graalMode;
    private final List<JsBench.Result> js;

    Report(
            List<Measured> measured,
            List<ColdStarts.Result> coldStarts,
            long heapPerInstance,
            List<HttpResult> http,
            String graalMode,
            List<JsBench.Result> js) {
        measured.forEach(m -> rows.put(m.row(), m));
        this.coldStarts = coldStarts;
        this.heapPerInstance = heapPerInstance;
        this.http = http;
        this.graalMode = graalMode;
        this.js = List.copyOf(js);
    }

    private double ns(String row) {
        var m = rows.get(row);
        return m == null ? Double.NaN : m.medianNs();
    }

    private static String reference(String row) {
        String size = row.substring(row.indexOf('@'));
        boolean cRules =
                row.startsWith("extism") || row.contains("-c@") || row.startsWith("native");
        return (cRules ? FilterBenchmark.SLUICE_C : FilterBenchmark.SLUICE_RUST) + size;
    }

    Map<String, Object> summary() {
        var s = new LinkedHashMap<String, Object>();
        double sluice = ns("sluice-rust@100");
        s.put("ns_per_record", sluice);
        s.put("ns_per_record_10k", ns("sluice-rust@10240"));
        s.put("host_overhead_ns", ns("sluice-accept-all@100"));
        // sluice:plugin batches of 64 x 100 B (WorldBatchBenchmark): per record.
        double batched = ns("world-filter-rust@100");
        s.put("batch_ns_per_record", batched);
        s.put("host_overhead_batch_ns", ns("world-accept-all@100"));
        s.put("batch_vs_blink", ns("blink-filter-rust@100") / batched);
        s.put("transform_vs_filter", ns("world-transform-rust@100") / batched);
        // host-service calls from inside a plugin (HostCallBenchmark): 100 per record, less none.
        double noCalls = ns("host-calls@0");
        s.put("state_get_ns_per_call", (ns("state-get@100") - noCalls) / 100);
        s.put("state_increment_ns_per_call", (ns("state-increment@100") - noCalls) / 100);
        s.put("event_publish_ns", (ns("events-publish@100") - noCalls) / 100);
        s.put("vs_chicory", ns("chicory-plain-rust@100") / sluice);
        s.put("vs_java", ns("java@100") / sluice);
        s.put("vs_extism", ns("extism@100") / ns("sluice-c@100"));
        s.put("vs_v8", ns("node-v8-rust@100") / sluice);
        s.put("vs_v8_10k", ns("node-v8-rust@10240") / ns("sluice-rust@10240"));
        s.put("vs_interpreter", ns("sluice-interpreter-rust@100") / sluice);
        s.put("component_vs_core", ns("sluice-component-rust@100") / sluice);
        s.put("component_vs_core_10k", ns("sluice-component-rust@10240") / ns("sluice-rust@10240"));
        s.put("two_thread_scaling", 2 * ns("sluice-rust@100/1t") / ns("sluice-rust@100/2t"));
        var rust = coldStarts.isEmpty() ? null : coldStarts.get(0);
        s.put("cold_start_ms", rust == null ? Double.NaN : rust.freshMs());
        s.put("cached_start_ms", rust == null ? Double.NaN : rust.cachedMs());
        s.put("cached_reload_ms", rust == null ? Double.NaN : rust.cachedReloadMs());
        // The same plugin on a JDK 25+ with the AOT cache (the first row itself when the
        // benchmark runs on one).
        var aot =
                coldStarts.stream()
                        .filter(c -> rust != null && c.plugin().equals(rust.plugin()))
                        .filter(c -> c.flags().contains("-XX:AOTCache="))
                        .findFirst();
        s.put("aot_cold_start_ms", aot.map(ColdStarts.Result::freshMs).orElse(Double.NaN));
        s.put("aot_cached_start_ms", aot.map(ColdStarts.Result::cachedMs).orElse(Double.NaN));
        // The JavaScript plugin: Sluice's fastest engine once steady, against V8 in the same run
        // (here Sluice over V8, so above 1 means V8 is faster; the target is at most 2).
        var bestJs =
                js.stream()
                        .filter(JsBench.Result::sluice)
                        .filter(r -> !Double.isNaN(r.steadyNsPerRecord()))
                        .min(
                                java.util.Comparator.comparingDouble(
                                        JsBench.Result::steadyNsPerRecord));
        var v8 = js.stream().filter(r -> !r.sluice()).findFirst();
        s.put("js_engine", bestJs.map(JsBench.Result::engine).orElse("none"));
        s.put("js_ns_per_record", bestJs.map(JsBench.Result::steadyNsPerRecord).orElse(Double.NaN));
        s.put(
                "js_vs_v8",
                bestJs.isPresent() && v8.isPresent()
                        ? bestJs.get().steadyNsPerRecord() / v8.get().steadyNsPerRecord()
                        : Double.NaN);
        s.put("js_load_ms", bestJs.map(JsBench.Result::loadMs).orElse(Double.NaN));
        s.put("js_cached_reload_ms", bestJs.map(JsBench.Result::cachedReloadMs).orElse(Double.NaN));
        s.put(
                "js_time_to_steady_ms",
                bestJs.map(JsBench.Result::timeToSteadyMs).orElse(Double.NaN));
        s.put("js_v8_ns_per_record", v8.map(JsBench.Result::steadyNsPerRecord).orElse(Double.NaN));
        if (http.size() == 3) {
            s.put("http_ratio_1_plugin", http.get(1).ratioToNone().median());
            s.put("http_ratio_3_plugins", http.get(2).ratioToNone().median());
            s.put("http_cpu_ratio_1_plugin", http.get(1).cpuRatioToNone().median());
            s.put("http_cpu_ratio_3_plugins", http.get(2).cpuRatioToNone().median());
            s.put("http_overhead_1_plugin", 1 - http.get(1).ratioToNone().median());
        }
        return s;
    }

    String line() {
        var s = summary();
        return String.format(
                Locale.ROOT,
                "sluice-bench: ns_per_record=%.0f ns_per_record_10k=%.0f host_overhead_ns=%.0f"
                        + " batch_ns_per_record=%.0f host_overhead_batch_ns=%.0f"
                        + " batch_vs_blink=%.2f transform_vs_filter=%.2f"
                        + " vs_chicory=%.2f vs_java=%.3f vs_extism=%.2f vs_v8=%.2f vs_v8_10k=%.2f"
                        + " vs_interpreter=%.1f cold_start_ms=%.0f cached_start_ms=%.0f"
                        + " aot_cold_start_ms=%.0f aot_cached_start_ms=%.0f"
                        + " js_ns_per_record=%.0f js_vs_v8=%.2f js_load_ms=%.0f",
                s.get("ns_per_record"),
                s.get("ns_per_record_10k"),
                s.get("host_overhead_ns"),
                s.get("batch_ns_per_record"),
                s.get("host_overhead_batch_ns"),
                s.get("batch_vs_blink"),
                s.get("transform_vs_filter"),
                s.get("vs_chicory"),
                s.get("vs_java"),
                s.get("vs_extism"),
                s.get("vs_v8"),
                s.get("vs_v8_10k"),
                s.get("vs_interpreter"),
                s.get("cold_start_ms"),
                s.get("cached_start_ms"),
                s.get("aot_cold_start_ms"),
                s.get("aot_cached_start_ms"),
                s.get("js_ns_per_record"),
                s.get("js_vs_v8"),
                s.get("js_load_ms"));
    }

    String markdown() {
        var out = new StringBuilder();
        out.append(
                "| engine | value | median ns/record | ± | records/s per core | peer/Sluice |\n");
        out.append("|---|---:|---:|---:|---:|---:|\n");
        for (var m : rows.values()) {
            String row = m.row();
            String name = row.substring(0, row.indexOf('@'));
            String rest = row.substring(row.indexOf('@') + 1);
            String size = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            boolean threaded = rest.endsWith("/2t");
            double perCore = threaded ? 1e9 / m.medianNs() : m.recordsPerSecond();
            String ratio =
                    rest.contains("/")
                            ? m.note()
                            : String.format(Locale.ROOT, "%.2f", m.medianNs() / ns(reference(row)));
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.1f | %.1f | %,.0f | %s |%n",
                            name + (rest.contains("/") ? " (" + m.note() + ")" : ""),
                            size.equals("100") ? "100 B" : "10 KB",
                            m.medianNs(),
                            m.errorNs(),
                            perCore,
                            ratio));
        }
        var s = summary();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%nHost overhead (accept-all plugin, 100 B): %.0f ns/record. The Rust"
                                + " filter as a component (WASI adapter, component-model"
                                + " runtime) takes %.2f× its core module's time at 100 B, %.2f× at"
                                + " 10 KB. Two threads give %.2f× the records/s of one. Heap per"
                                + " pooled instance (Rust filter): %.2f MiB. GraalWasm: %s.%n",
                        s.get("host_overhead_ns"),
                        s.get("component_vs_core"),
                        s.get("component_vs_core_10k"),
                        s.get("two_thread_scaling"),
                        heapPerInstance / 1048576.0,
                        graalMode));
        out.append(
                "\n| plugin | JVM | cold start, fresh JVM (CPU) | reload, same JVM | fresh JVM, warm"
                        + " cache (CPU) | reload, warm cache | flags |\n");
        out.append("|---|---|---:|---:|---:|---:|---|\n");
        for (var c : coldStarts) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.0f ms (%.0f) | %.0f ms | %.0f ms (%.0f) | %.1f ms | `%s` |%n",
                            c.plugin(),
                            c.java(),
                            c.freshMs(),
                            c.freshCpuMs(),
                            c.freshReloadMs(),
                            c.cachedMs(),
                            c.cachedCpuMs(),
                            c.cachedReloadMs(),
                            c.flags()));
        }
        out.append(jsTable(js));
        out.append(httpTable(http));
        return out.toString();
    }

    /**
     * The JavaScript row, one line per engine: load (Sluice: a fresh JVM with an empty compile
     * cache, then a reload with the warm cache; Node: compile + instantiate + init after
     * transpiling), the first one-second window, the steady per-record time, when it was reached,
     * and the engine's time over V8's.
     */
    static String jsTable(List<JsBench.Result> js) {
        if (js.isEmpty()) {
            return "";
        }
        double v8 =
                js.stream()
                        .filter(r -> !r.sluice())
                        .mapToDouble(JsBench.Result::steadyNsPerRecord)
                        .findFirst()
                        .orElse(Double.NaN);
        var out = new StringBuilder();
        out.append(
                "\n| JavaScript plugin (100 B) | runtime | load | reload, warm cache | first"
                        + " second, per record | steady, per record (on CPU) | time to steady | timeline"
                        + " | ÷ V8 |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var r : js) {
            String load =
                    r.sluice()
                            ? String.format(
                                    Locale.ROOT, "%.0f ms (CPU %.0f)", r.loadMs(), r.loadCpuMs())
                            : String.format(
                                    Locale.ROOT,
                                    "%.0f ms (+ %.0f ms transpiling)",
                                    r.loadMs(),
                                    r.transpileMs());
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s | %d windows, %.0f s | %.2f |%n",
                            r.engine(),
                            r.runtime(),
                            load,
                            r.sluice()
                                    ? String.format(Locale.ROOT, "%.0f ms", r.cachedReloadMs())
                                    : "—",
                            micros(r.firstWindowNsPerRecord()),
                            micros(r.steadyNsPerRecord())
                                    + (Double.isNaN(r.steadyCpuNsPerRecord())
                                            ? ""
                                            : " (" + micros(r.steadyCpuNsPerRecord()) + ")"),
                            r.steady()
                                    ? String.format(Locale.ROOT, "%.1f s", r.timeToSteadyMs() / 1e3)
                                    : "not steady",
                            r.timeline().windows().size(),
                            r.durationMs() / 1e3,
                            r.steadyNsPerRecord() / v8));
        }
        return out.toString();
    }

    /** Nanoseconds as µs or ms, whichever reads better. */
    private static String micros(double ns) {
        return ns >= 1e6
                ? String.format(Locale.ROOT, "%.1f ms", ns / 1e6)
                : String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
    }

    /**
     * The HTTP table: per chain, each figure as the median round with the range of all rounds in
     * brackets. "vs none" is taken within each round (see {@link HttpRounds}); the CPU columns are
     * the server's CPU time per request and the capacity that leaves compared with no plugin.
     */
    static String httpTable(List<HttpResult> http) {
        if (http.isEmpty()) {
            return "";
        }
        var out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%n| plugins | requests/s (%d rounds) | throughput vs none |"
                                + " server CPU per request | CPU capacity vs none | p50 | p99 |"
                                + " warm-up | failed answers |%n",
                        http.get(0).rounds()));
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var h : http) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %s | %s | %s | %s | %.2f ms | %.2f ms | %.0f s | %d of %,d |%n",
                            h.plugins(),
                            spread(h.requestsPerSecond(), "%,.0f", 1),
                            spread(h.ratioToNone(), "%.1f%%", 100),
                            spread(h.cpuMicrosPerRequest(), "%.1f µs", 1),
                            spread(h.cpuRatioToNone(), "%.1f%%", 100),
                            h.p50Ms(),
                            h.p99Ms(),
                            h.warmupSeconds(),
                            h.failed(),
                            h.requests()));
        }
        return out.toString();
    }

    private static String spread(Spread s, String format, double scale) {
        return String.format(Locale.ROOT, format, s.median() * scale)
                + " ("
                + String.format(Locale.ROOT, format, s.min() * scale)
                + "–"
                + String.format(Locale.ROOT, format, s.max() * scale)
                + ")";
    }
}
