package dev.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.Sluice;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Sluice's half of the JavaScript row ({@link JsBench}), meant to run as the first thing in a fresh
 * JVM: loads the plugin with an empty compile cache (class loading included, as a restarted server
 * pays it), loads it again into a new engine with the now warm cache, then runs the benchmark's
 * records through that second engine as a {@link Timeline} until it is steady or the bound is
 * reached (on GraalWasm always to the bound: its JIT compiles in the background, and a timeline cut
 * at its first flat windows measured the interpreter's plateau), and prints one JSON line (each
 * window as {@code [start_ms, end_ms, records, on_cpu_ms]}, the last the time this thread ran on a
 * CPU).
 *
 * <p>{@code java ... dev.sluice.bench.JsRow PLUGIN.wasm ENGINE CACHE_DIR VALUE_SIZE BOUND_SECONDS}
 * where ENGINE names an {@link ExecutionEngine} and CACHE_DIR is an empty directory.
 *
 * <p>The limits are raised for Chicory's JavaScript: SpiderMonkey's interpreter loop runs in
 * Chicory's interpreter, so one record takes tens to hundreds of milliseconds, over the default 100
 * ms per record, and {@code init} takes seconds. The row measures that time rather than failing on
 * it.
 */
public final class JsRow {

    /**
     * The raised limits (see the class comment); everything else stays at its default. The memory
     * too: SpiderMonkey's heap grows past the default 64 MiB after some 10^5 records (its main
     * memory reached 117 MiB after 100,000 records and 141 MiB after 400,000 under Node as well),
     * and the instance then traps once its memory is capped.
     */
    static PluginSettings settings(ExecutionEngine engine) {
        return PluginSettings.builder()
                .withEngine(engine)
                .withMaxExecutionTime(Duration.ofSeconds(10))
                .withMaxInitTime(Duration.ofMinutes(2))
                .withMaxMemoryBytes(512L << 20)
                .build();
    }

    private JsRow() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println(
                    "usage: JsRow PLUGIN.wasm ENGINE CACHE_DIR VALUE_SIZE BOUND_SECONDS");
            System.exit(2);
        }
        Path plugin = Path.of(args[0]);
        var engine = ExecutionEngine.valueOf(args[1]);
        Path cache = Path.of(args[2]);
        try (var files = Files.list(cache)) {
            if (files.findAny().isPresent()) {
                throw new IllegalArgumentException(cache + ": the compile cache must start empty");
            }
        }
        var records = BenchRecords.records(Integer.parseInt(args[3]));
        long boundNs = Duration.ofSeconds(Long.parseLong(args[4])).toNanos();
        var settings = settings(engine);

        long[] ranBefore = ThreadClock.read();
        long start = System.nanoTime();
        try (var fresh = Sluice.builder().withCompileCache(cache).build()) {
            fresh.enable(fresh.load(plugin, settings).name());
        }
        long loaded = System.nanoTime();
        long[] ranAfter = ThreadClock.read();
        try (var sluice = Sluice.builder().withCompileCache(cache).build()) {
            var status = sluice.load(plugin, settings);
            sluice.enable(status.name());
            long reloaded = System.nanoTime();
            var windows =
                    run(sluice, records, boundNs, engine != ExecutionEngine.GRAALWASM, plugin);
            var out = BenchMain.map();
            // What ran, as the load reports it: for GraalWasm, whether its JIT was on.
            out.put("engine", status.engine().orElse(engine.name()));
            out.put(
                    "java",
                    System.getProperty("java.vendor")
                            + " "
                            + System.getProperty("java.runtime.version"));
            out.put("load_ms", (loaded - start) / 1e6);
            out.put("load_cpu_ms", ThreadClock.millis(ranBefore, ranAfter, 0));
            out.put("cached_reload_ms", (reloaded - loaded) / 1e6);
            out.put("accepted", BenchRecords.ACCEPTED);
            out.put("windows", windows);
            System.out.println(new ObjectMapper().writeValueAsString(out));
        }
    }

    /**
     * Whole passes over the records, a window closed at the first pass boundary a second or more
     * after it opened, until {@code boundNs} have passed or, if {@code stopWhenSteady}, the
     * timeline is steady. Every pass must make the filter's decisions: a record failed (a deadline,
     * a trap) would time something else.
     */
    private static List<double[]> run(
            Sluice sluice,
            List<Record> records,
            long boundNs,
            boolean stopWhenSteady,
            Path plugin) {
        var windows = new ArrayList<Timeline.Window>();
        long t0 = System.nanoTime();
        long opened = t0;
        long[] cpuOpened = ThreadClock.read();
        long count = 0;
        while (true) {
            int accepted = 0;
            var reasons = new LinkedHashSet<String>();
            for (var record : records) {
                var decision = sluice.process(record);
                if (decision instanceof Decision.Accept) {
                    accepted++;
                } else if (decision instanceof Decision.Reject reject) {
                    reasons.add(reject.reason() + " (" + record.topic() + ")");
                } else {
                    throw new IllegalStateException(plugin + ": " + decision);
                }
            }
            if (accepted != BenchRecords.ACCEPTED) {
                throw new IllegalStateException(
                        plugin
                                + " accepted "
                                + accepted
                                + " records of a pass, expected "
                                + BenchRecords.ACCEPTED
                                + ", "
                                + (System.nanoTime() - t0) / 1_000_000
                                + " ms into the timeline; rejections: "
                                + reasons);
            }
            count += records.size();
            long now = System.nanoTime();
            if (now - opened >= 1_000_000_000L) {
                long[] cpuNow = ThreadClock.read();
                windows.add(
                        new Timeline.Window(
                                (opened - t0) / 1e6,
                                (now - t0) / 1e6,
                                count,
                                ThreadClock.millis(cpuOpened, cpuNow, 0)));
                opened = now;
                cpuOpened = cpuNow;
                count = 0;
                if ((stopWhenSteady && new Timeline(windows).steady()) || now - t0 >= boundNs) {
                    break;
                }
            }
        }
        return windows.stream()
                .map(w -> new double[] {w.startMs(), w.endMs(), w.records(), w.onCpuMs()})
                .toList();
    }
}
