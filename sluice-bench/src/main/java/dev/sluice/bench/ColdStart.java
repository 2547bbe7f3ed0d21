package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * One plugin cold start, meant to run as the first thing in a fresh JVM: builds an engine, loads
 * and enables the plugin (parse, compile or load from the cache, instantiate, init) and prints the
 * milliseconds that took, class loading of Sluice and Chicory included, since a restarted server
 * pays it too.
 *
 * <p>{@code java ... dev.sluice.bench.ColdStart PLUGIN.wasm [CACHE_DIR|none] [RELOADS]}
 *
 * <p>Besides the wall-clock time it prints how much of it the loading thread ran on a CPU and how
 * long it waited for one ({@link ThreadClock}): on a shared machine the wall clock says as much
 * about the neighbours as about Sluice.
 *
 * <p>Plugins get a one-minute time limit: a slow load hook (a JavaScript plugin's first call) is
 * part of what is measured, not a failure.
 */
public final class ColdStart {

    private static final PluginSettings SETTINGS =
            PluginSettings.builder().withMaxExecutionTime(Duration.ofMinutes(1)).build();

    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: ColdStart PLUGIN.wasm [COMPILE_CACHE_DIR|none] [RELOADS]");
            System.exit(2);
        }
        Path cache = args.length >= 2 && !args[1].equals("none") ? Path.of(args[1]) : null;
        int reloads = args.length == 3 ? Integer.parseInt(args[2]) : 5;
        long[] ranBefore = ThreadClock.read();
        long start = System.nanoTime();
        try (var sluice = newEngine(cache)) {
            var status = sluice.load(Path.of(args[0]), SETTINGS);
            sluice.enable(status.name());
            long loaded = System.nanoTime();
            long[] ranAfter = ThreadClock.read();
            // One record, so nothing is left lazily undone; not part of the figure.
            sluice.process(Record.of("orders", 0, "k", "hello"));
            double first = (loaded - start) / 1e6;
            // The same plugin loaded again into new engines in this, now warm, JVM: a restart
            // of the plugin in a running server. With a cache this skips parsing validation
            // and compiling; without one it shows the compile on a warm JVM.
            double[] again = new double[reloads];
            for (int i = 0; i < again.length; i++) {
                long t0 = System.nanoTime();
                try (var other = newEngine(cache)) {
                    other.enable(other.load(Path.of(args[0]), SETTINGS).name());
                    again[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            java.util.Arrays.sort(again);
            System.out.printf(
                    Locale.ROOT,
                    "{\"java\":\"%s %s\",\"load_ms\":%.3f,\"load_cpu_ms\":%s,"
                            + "\"load_waiting_ms\":%s,\"reload_ms\":%.3f}%n",
                    System.getProperty("java.vendor"),
                    System.getProperty("java.runtime.version"),
                    first,
                    ThreadClock.json(ThreadClock.millis(ranBefore, ranAfter, 0)),
                    ThreadClock.json(ThreadClock.millis(ranBefore, ranAfter, 1)),
                    again[again.length / 2]);
        }
    }

    private static Sluice newEngine(Path cache) {
        var builder = Sluice.builder();
        if (cache != null) {
            builder.withCompileCache(cache);
        }
        return builder.build();
    }
}
