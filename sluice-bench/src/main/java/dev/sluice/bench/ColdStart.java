package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.record.Record;
import java.nio.file.Path;

/**
 * One plugin cold start, meant to run as the first thing in a fresh JVM: builds an engine, loads
 * and enables the plugin (parse, compile or load from the cache, instantiate, init) and prints the
 * milliseconds that took, class loading of Sluice and Chicory included, since a restarted server
 * pays it too.
 *
 * <p>{@code java ... dev.sluice.bench.ColdStart PLUGIN.wasm [CACHE_DIR]}
 */
public final class ColdStart {

    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ColdStart PLUGIN.wasm [COMPILE_CACHE_DIR]");
            System.exit(2);
        }
        long start = System.nanoTime();
        try (var sluice = newEngine(args)) {
            var status = sluice.load(Path.of(args[0]));
            sluice.enable(status.name());
            long loaded = System.nanoTime();
            // One record, so nothing is left lazily undone; not part of the figure.
            sluice.process(Record.of("orders", 0, "k", "hello"));
            double first = (loaded - start) / 1e6;
            // The same plugin loaded again into new engines in this, now warm, JVM: a restart
            // of the plugin in a running server. With a cache this skips parsing validation
            // and compiling; without one it shows the compile on a warm JVM.
            double[] again = new double[5];
            for (int i = 0; i < again.length; i++) {
                long t0 = System.nanoTime();
                try (var other = newEngine(args)) {
                    other.enable(other.load(Path.of(args[0])).name());
                    again[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            java.util.Arrays.sort(again);
            System.out.printf(
                    "{\"load_ms\":%.3f,\"reload_ms\":%.3f}%n", first, again[again.length / 2]);
        }
    }

    private static Sluice newEngine(String[] args) {
        var builder = Sluice.builder();
        if (args.length == 2) {
            builder.withCompileCache(Path.of(args[1]));
        }
        return builder.build();
    }
}
