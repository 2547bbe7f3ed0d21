package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * {@code sluice bench [--quick]}: runs every part of the benchmark in one go, on this machine, and
 * reports medians and ratios measured in the same run. See docs/benchmarks.md.
 */
public final class BenchMain {

    /**
     * The JVM flags the {@code sluice} launcher runs the server with, so Sluice's rows are measured
     * as a user of {@code ./sluice} runs them; the peers get the JVM's defaults, as their own
     * READMEs leave them. {@code -XX:-DontCompileHugeMethods} lets HotSpot JIT-compile methods over
     * 8000 bytes of bytecode, which Chicory makes of large guest functions such as malloc; left
     * interpreted, they halve the speed of the C plugin.
     */
    static final List<String> SLUICE_JVM_FLAGS = List.of("-XX:-DontCompileHugeMethods");

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final boolean quick;
    private final int producers;
    private final Plugins plugins;
    private final Path work;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private BenchMain(boolean quick, Plugins plugins, int producers) throws IOException {
        this.quick = quick;
        this.producers = producers;
        this.plugins = plugins;
        this.work =
                Files.createDirectories(plugins.root().resolve("sluice-bench/target/bench-work"));
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean httpOnly = false;
        boolean swapOnly = false;
        boolean kafkaOnly = false;
        boolean jsOnly = false;
        int producers = 1;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--http" -> httpOnly = true;
                case "--swap" -> swapOnly = true;
                case "--kafka" -> kafkaOnly = true;
                case "--js" -> jsOnly = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--producers" -> producers = producers(args, ++i);
                default -> {
                    System.err.println(
                            "usage: sluice bench [--quick] [--http | --swap | --kafka"
                                    + " [--producers N] | --js] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        var plugins = Plugins.locate();
        var bench = new BenchMain(quick, plugins, producers);
        Path results = out != null ? out : plugins.root().resolve("bench/results");
        if (jsOnly) {
            bench.runJsOnly(results);
        } else if (kafkaOnly) {
            bench.runKafkaOnly(results);
        } else if (swapOnly) {
            bench.runSwapOnly(results);
        } else if (httpOnly) {
            bench.runHttpOnly(results);
        } else {
            bench.run(results);
        }
    }

    /** The value of {@code --producers}: a whole number, 1 or more. */
    private static int producers(String[] args, int i) {
        String value = i < args.length ? args[i] : "";
        if (!value.matches("[1-9][0-9]{0,2}")) {
            System.err.println(
                    "sluice bench: --producers takes how many producers send at once (1 to 999),"
                            + " not '"
                            + value
                            + "'");
            System.exit(2);
        }
        return Integer.parseInt(value);
    }

    /** {@code --http}: only the server end to end, with its table and its own results file. */
    private void runHttpOnly(Path resultsDir) throws Exception {
        var http = http();
        report(resultsDir, "http", http, Report.httpTable(http));
    }

    /** Prints one part's table and writes its results file ({@code <part>-…json}). */
    private void report(Path resultsDir, String part, Object results, String markdown)
            throws IOException {
        System.out.println();
        System.out.println(markdown);
        var document = new LinkedHashMap<String, Object>();
        document.put("mode", quick ? "quick" : "full");
        document.put("machine", Machine.describe());
        document.put(part, results);
        document.put("markdown", markdown);
        System.out.printf("results: %s%n", write(resultsDir, part + "-", document));
    }

    /** {@code --js}: only the JavaScript row, with its table and its own results file. */
    private void runJsOnly(Path resultsDir) throws Exception {
        var js = js();
        report(resultsDir, "js", js, Report.jsTable(js));
    }

    /** The JavaScript plugin on Sluice (each engine) and on Node through jco transpile. */
    private List<JsBench.Result> js() throws Exception {
        step("the JavaScript plugin (content-filter-js.wasm): Sluice and Node through jco");
        return new JsBench(
                        plugins,
                        work,
                        quick ? JsBench.Plan.QUICK : JsBench.Plan.FULL,
                        JsBench.engines(java, plugins.root()))
                .run();
    }

    /** {@code --kafka}: Sluice and Apache Kafka side by side over the Kafka protocol. */
    private void runKafkaOnly(Path resultsDir) throws Exception {
        step("Kafka protocol: Apache Kafka and Sluice (0, 1, 3 plugins) produce and fetch");
        var kafka =
                new KafkaBench(
                                plugins,
                                work,
                                (quick ? KafkaBench.Plan.QUICK : KafkaBench.Plan.FULL)
                                        .withProducers(producers),
                                java)
                        .run();
        report(resultsDir, "kafka", kafka, KafkaBench.table(kafka));
    }

    /** {@code --swap}: hot swaps under load (p99 steady vs during swaps, swap times). */
    private void runSwapOnly(Path resultsDir) throws Exception {
        step("hot swaps under load through the management API");
        var swaps = new SwapBench(plugins, work, java, quick).run();
        report(resultsDir, "swap", swaps, SwapBench.table(swaps));
    }

    private List<HttpResult> http() throws Exception {
        if (!Processes.available("wrk")) {
            System.err.println(
                    "sluice-bench: wrk not found; skipping the HTTP part (apt-get install wrk)");
            return List.of();
        }
        step("HTTP end to end with wrk (0, 1 and 3 plugins, interleaved rounds)");
        return new HttpBench(
                        plugins, work, quick ? HttpBench.Plan.QUICK : HttpBench.Plan.FULL, java)
                .run();
    }

    private Path write(Path resultsDir, String prefix, Map<String, Object> document)
            throws IOException {
        Files.createDirectories(resultsDir);
        String stamp =
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now());
        Path json = resultsDir.resolve(prefix + (quick ? "quick-" : "full-") + stamp + ".json");
        JSON.writeValue(json.toFile(), document);
        return json;
    }

    private void run(Path resultsDir) throws Exception {
        long started = System.nanoTime();
        var records100 =
                BenchRecords.write(BenchRecords.records(100), work.resolve("records-100.bin"));
        var records10k =
                BenchRecords.write(BenchRecords.records(10_240), work.resolve("records-10240.bin"));
        var rows = new ArrayList<Measured>();
        var jmh = new JmhRows(quick);

        step("JMH: Sluice (100 B and 10 KB values)");
        rows.addAll(
                jmh.run(
                        List.of(
                                FilterBenchmark.SLUICE_RUST,
                                FilterBenchmark.SLUICE_C,
                                FilterBenchmark.SLUICE_COMPONENT,
                                FilterBenchmark.SLUICE_INTERPRETER,
                                FilterBenchmark.SLUICE_ACCEPT_ALL),
                        List.of(100, 10_240),
                        java,
                        SLUICE_JVM_FLAGS,
                        1,
                        ""));
        step("JMH: sluice:plugin batches (64 x 100 B) against the Blink core module");
        rows.addAll(jmh.runWorld(java, SLUICE_JVM_FLAGS));
        step("JMH: state and event calls from inside a plugin (host-bench)");
        rows.addAll(jmh.runHostCalls(java, SLUICE_JVM_FLAGS));
        step("JMH: plain Java and the JVM peers, with default JVM flags");
        rows.addAll(
                jmh.run(
                        List.of(
                                FilterBenchmark.JAVA,
                                FilterBenchmark.CHICORY_PLAIN,
                                FilterBenchmark.EXTISM),
                        List.of(100, 10_240),
                        java,
                        List.of(),
                        1,
                        ""));

        String graalMode = "skipped: no JDK 21+ found (set SLUICE_BENCH_JDK21)";
        Optional<String> jdk21 = Jdks.atLeast21(java);
        if (jdk21.isPresent()) {
            step("JMH: GraalWasm on " + jdk21.get());
            graalMode = "Truffle without a JVMCI compiler (interpreter only) on " + jdk21.get();
            rows.addAll(
                    jmh.run(
                            List.of(FilterBenchmark.GRAALWASM),
                            List.of(100, 10_240),
                            jdk21.get(),
                            List.of("--enable-native-access=ALL-UNNAMED"),
                            1,
                            ""));
        }

        step("JMH: Sluice with 1 and 2 threads");
        var oneThread =
                jmh.run(
                        List.of(FilterBenchmark.SLUICE_RUST),
                        List.of(100),
                        java,
                        List.of(),
                        1,
                        "/1t");
        var twoThreads =
                jmh.run(
                        List.of(FilterBenchmark.SLUICE_RUST),
                        List.of(100),
                        java,
                        List.of(),
                        2,
                        "/2t");
        rows.addAll(oneThread);
        rows.addAll(twoThreads);

        step("Node.js (V8) and native gcc -O2");
        var harnesses = new Harnesses(plugins, work, quick);
        for (var records : List.of(records100, records10k)) {
            String size = records == records100 ? "100" : "10240";
            harnesses
                    .node(plugins.rustFilter(), records)
                    .ifPresent(m -> rows.add(rename(m, "node-v8-rust@" + size)));
            harnesses
                    .node(plugins.cFilter(), records)
                    .ifPresent(m -> rows.add(rename(m, "node-v8-c@" + size)));
            harnesses
                    .nativeFilter(records)
                    .ifPresent(m -> rows.add(rename(m, "native-gcc-O2@" + size)));
        }

        var js = js();

        step("cold starts (fresh JVMs) and heap per instance");
        var coldStarts = new ColdStarts(plugins, work, java, quick).run();
        var heap =
                JSON.readTree(
                        Processes.run(
                                List.of(
                                        java,
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        HeapPerInstance.class.getName(),
                                        plugins.rustFilter().toString()),
                                work,
                                120));

        var http = http();

        var report =
                new Report(
                        rows,
                        coldStarts,
                        heap.get("bytes_per_instance").asLong(),
                        http,
                        graalMode,
                        js);
        String markdown = report.markdown();
        System.out.println();
        System.out.println(markdown);

        var document = new LinkedHashMap<String, Object>();
        document.put("mode", quick ? "quick" : "full");
        document.put("machine", Machine.describe());
        document.put("rows", rows);
        document.put("cold_starts", coldStarts);
        document.put("heap_bytes_per_instance", heap.get("bytes_per_instance").asLong());
        document.put("http", http);
        document.put("javascript", js);
        document.put("graalwasm_mode", graalMode);
        document.put("summary", report.summary());
        document.put("markdown", markdown);
        Path json = write(resultsDir, "", document);
        System.out.printf("results: %s (%.0f s)%n", json, (System.nanoTime() - started) / 1e9);
        System.out.println(report.line());
    }

    private static Measured rename(Measured m, String row) {
        return new Measured(row, m.medianNs(), m.errorNs(), m.note());
    }

    private static void step(String what) {
        System.err.println("sluice-bench: " + what + " …");
    }

    static List<Double> doubles(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asDouble).toList();
    }

    static Map<String, Object> map(Object... keyValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
