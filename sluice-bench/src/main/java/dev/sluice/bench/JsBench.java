package dev.sluice.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JavaScript row: the 12 MB ComponentizeJS build of the content filter
 * (plugins/blink/content-filter-js.wasm) on Sluice, once per engine, each in a fresh JVM ({@link
 * JsRow}), and under Node.js through {@code jco transpile} (src/main/node/js-bench.mjs), over the
 * same 100 B records as the Rust row. Each gives its load time, a {@link Timeline} of per-record
 * time from the first record, its steady per-record time and the time it took to get there.
 *
 * <p>Bounded: Sluice's timeline stops once steady or after {@link Plan#sluiceSeconds}; Node's runs
 * {@link Plan#nodeSeconds} (V8 settles in a few). The fresh load of the plugin without a compile
 * cache is most of the row's time (about a minute on Chicory).
 */
final class JsBench {

    /**
     * One way Sluice runs the plugin: an engine setting ({@code ExecutionEngine} constant) in a JVM
     * with its flags. An engine joins the row with one more entry in {@link #engines}.
     */
    record Engine(
            String name, String setting, String java, List<String> jvmFlags, String classPath) {}

    /** How long each timeline may run. */
    record Plan(int sluiceSeconds, int nodeSeconds) {
        static final Plan QUICK = new Plan(15, 5);
        static final Plan FULL = new Plan(60, 20);
    }

    /**
     * One engine's figures, in milliseconds or nanoseconds per record. For Node, {@code loadMs} is
     * compiling the core modules, instantiating and {@code init} (transpiling, jco's build step, is
     * {@code transpileMs}), and there is no compile cache to reload from.
     */
    record Result(
            String engine,
            String runtime,
            boolean sluice,
            double loadMs,
            double loadCpuMs,
            double cachedReloadMs,
            double transpileMs,
            Timeline timeline) {

        // What the timeline shows, also written to the results file.

        @JsonProperty
        boolean steady() {
            return timeline.steady();
        }

        @JsonProperty
        double steadyNsPerRecord() {
            return timeline.steadyNsPerRecord();
        }

        @JsonProperty
        double steadyCpuNsPerRecord() {
            return timeline.steadyCpuNsPerRecord();
        }

        @JsonProperty
        double timeToSteadyMs() {
            return timeline.timeToSteadyMs();
        }

        @JsonProperty
        double firstWindowNsPerRecord() {
            return timeline.firstWindowNsPerRecord();
        }

        @JsonProperty
        double durationMs() {
            return timeline.durationMs();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VALUE_SIZE = 100;

    private final Plugins plugins;
    private final Path work;
    private final Plan plan;
    private final List<Engine> engines;

    JsBench(Plugins plugins, Path work, Plan plan, List<Engine> engines) {
        this.plugins = plugins;
        this.work = work;
        this.plan = plan;
        this.engines = List.copyOf(engines);
    }

    /**
     * The engines Sluice runs the plugin on: Chicory's compiler on the benchmark's JVM with the
     * launcher's flags, and GraalWasm with the Graal JIT on a JDK 21+ when the build made the
     * sluice-graalwasm module (a JDK 21+ build does), started as {@code ./sluice} starts it.
     */
    static List<Engine> engines(String java, Path root) {
        var engines = new ArrayList<Engine>();
        String classPath = System.getProperty("java.class.path");
        engines.add(
                new Engine(
                        "sluice-chicory", "COMPILER", java, BenchMain.SLUICE_JVM_FLAGS, classPath));
        graalWasm(java, root, classPath).ifPresent(engines::add);
        return engines;
    }

    private static Optional<Engine> graalWasm(String java, Path root, String classPath) {
        Path target = root.resolve("sluice-graalwasm/target");
        Path jar = target.resolve("sluice-graalwasm-0.1.0-SNAPSHOT.jar");
        // The Graal JIT's flags, as the build wrote them for ./sluice and the tests.
        Path jitArgs = target.resolve("jit.args");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(jitArgs)) {
            System.err.println(
                    "sluice-bench: no GraalWasm row: sluice-graalwasm is not built (build on a JDK"
                            + " 21+: JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw install)");
            return Optional.empty();
        }
        var jdk = Jdks.atLeast21(java);
        if (jdk.isEmpty()) {
            System.err.println(
                    "sluice-bench: no GraalWasm row: no JDK 21+ (set SLUICE_BENCH_JDK21)");
            return Optional.empty();
        }
        var flags = new ArrayList<>(BenchMain.SLUICE_JVM_FLAGS);
        flags.add("@" + jitArgs);
        return Optional.of(
                new Engine(
                        "sluice-graalwasm",
                        "GRAALWASM",
                        jdk.get(),
                        flags,
                        classPath + File.pathSeparator + jar));
    }

    Path plugin() {
        return plugins.root().resolve("plugins/blink/content-filter-js.wasm");
    }

    List<Result> run() throws Exception {
        var results = new ArrayList<Result>();
        for (var engine : engines) {
            System.err.printf(
                    "sluice-bench:   %s (a fresh load takes about a minute)%n", engine.name());
            results.add(sluice(engine));
        }
        node().ifPresent(results::add);
        return results;
    }

    private Result sluice(Engine engine) throws Exception {
        Path cache = Files.createTempDirectory(work, "js-cache-");
        var command = new ArrayList<String>();
        command.add(engine.java());
        command.addAll(engine.jvmFlags());
        command.addAll(
                List.of(
                        "-cp",
                        engine.classPath(),
                        JsRow.class.getName(),
                        plugin().toString(),
                        engine.setting(),
                        cache.toString(),
                        Integer.toString(VALUE_SIZE),
                        Integer.toString(plan.sluiceSeconds())));
        JsonNode out = JSON.readTree(Processes.run(command, work, 600));
        return new Result(
                engine.name(),
                out.get("java").asText() + "; " + out.get("engine").asText(),
                true,
                out.get("load_ms").asDouble(),
                out.get("load_cpu_ms").asDouble(),
                out.get("cached_reload_ms").asDouble(),
                Double.NaN,
                timeline(out));
    }

    private Optional<Result> node() throws Exception {
        if (!Processes.available("node")) {
            System.err.println(
                    "sluice-bench: node not found; skipping the JavaScript row's V8 half");
            return Optional.empty();
        }
        if (!Files.isDirectory(
                plugins.root().resolve("plugins/node_modules/@bytecodealliance/jco"))) {
            System.err.println(
                    "sluice-bench: jco is not installed (run npm ci in plugins/); skipping the"
                            + " JavaScript row's V8 half");
            return Optional.empty();
        }
        System.err.println("sluice-bench:   node-v8 through jco transpile");
        Path records =
                BenchRecords.write(
                        BenchRecords.records(VALUE_SIZE), work.resolve("records-js.bin"));
        JsonNode out =
                JSON.readTree(
                        Processes.run(
                                List.of(
                                        "node",
                                        "--no-warnings",
                                        plugins.root()
                                                .resolve("sluice-bench/src/main/node/js-bench.mjs")
                                                .toString(),
                                        plugin().toString(),
                                        records.toString(),
                                        "--seconds",
                                        Integer.toString(plan.nodeSeconds())),
                                work,
                                300));
        int accepted = out.get("accepted").asInt();
        if (accepted != BenchRecords.ACCEPTED) {
            throw new IllegalStateException(
                    "js-bench.mjs: Node accepted "
                            + accepted
                            + " records of a pass, expected "
                            + BenchRecords.ACCEPTED);
        }
        return Optional.of(
                new Result(
                        "node-v8",
                        "node " + out.get("node").asText(),
                        false,
                        out.get("compile_ms").asDouble() + out.get("init_ms").asDouble(),
                        Double.NaN,
                        Double.NaN,
                        out.get("transpile_ms").asDouble(),
                        timeline(out)));
    }

    /**
     * The windows a harness printed as {@code [[start_ms, end_ms, records, on_cpu_ms?], …]} (the
     * time on a CPU absent, or null, where the harness cannot tell).
     */
    static Timeline timeline(JsonNode out) {
        var windows = new ArrayList<Timeline.Window>();
        for (JsonNode w : out.get("windows")) {
            windows.add(
                    new Timeline.Window(
                            w.get(0).asDouble(),
                            w.get(1).asDouble(),
                            w.get(2).asLong(),
                            w.has(3) && w.get(3).isNumber() ? w.get(3).asDouble() : Double.NaN));
        }
        return new Timeline(windows);
    }
}
