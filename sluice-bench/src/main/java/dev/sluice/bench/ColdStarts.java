package dev.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plugin cold starts, each in a fresh JVM ({@link ColdStart}): without a compile cache, and with a
 * cache a previous process filled. Each sample also reports a reload in the then-warm JVM.
 */
final class ColdStarts {

    /** Medians over the samples, in milliseconds. */
    record Result(
            String plugin,
            double freshMs,
            double freshReloadMs,
            double cachedMs,
            double cachedReloadMs) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Plugins plugins;
    private final Path work;
    private final String java;
    private final boolean quick;
    private Path archive;

    private List<String> command(Path file, Path cache, String cdsFlag, int reloads) {
        var command = new ArrayList<String>();
        command.add(java);
        command.addAll(BenchMain.SLUICE_JVM_FLAGS);
        command.addAll(
                List.of(
                        cdsFlag,
                        "-Xlog:cds=off,cds+dynamic=off",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ColdStart.class.getName(),
                        file.toString(),
                        cache == null ? "none" : cache.toString(),
                        Integer.toString(reloads)));
        return command;
    }

    ColdStarts(Plugins plugins, Path work, String java, boolean quick) {
        this.plugins = plugins;
        this.work = work;
        this.java = java;
        this.quick = quick;
    }

    List<Result> run() throws Exception {
        List<Path> files =
                quick
                        ? List.of(plugins.rustFilter())
                        : List.of(
                                plugins.rustFilter(),
                                plugins.cFilter(),
                                plugins.rustFilterComponent(),
                                plugins.root().resolve("plugins/blink/demo-plugin.wasm"),
                                plugins.root().resolve("plugins/ourchat/spam-filter.wasm"),
                                plugins.root().resolve("plugins/ourchat/message-logger.wasm"));
        int samples = quick ? 3 : 5;
        Path archive = work.resolve("cold-start-cds.jsa");
        Files.deleteIfExists(archive);
        Processes.run(
                command(plugins.rustFilter(), null, "-XX:ArchiveClassesAtExit=" + archive, 5),
                work,
                120);
        this.archive = archive;
        var results = new ArrayList<Result>();
        for (Path file : files) {
            results.add(measure(file, samples, 5));
        }
        if (!quick) {
            // The 12 MB JavaScript plugin takes most of a minute to compile: one sample each way,
            // one reload, so that it adds minutes rather than a quarter of an hour.
            System.out.println("  cold start of the JavaScript plugin (about three minutes)…");
            results.add(
                    measure(plugins.root().resolve("plugins/blink/content-filter-js.wasm"), 1, 1));
        }
        return results;
    }

    private Result measure(Path file, int samples, int reloads) throws Exception {
        double[][] fresh = samples(file, null, samples, reloads);
        Path cache = Files.createTempDirectory(work, "cache-");
        sample(file, cache, reloads); // fills the cache
        double[][] cached = samples(file, cache, samples, reloads);
        return new Result(
                file.getFileName().toString(),
                Measured.median(fresh[0]),
                Measured.median(fresh[1]),
                Measured.median(cached[0]),
                Measured.median(cached[1]));
    }

    private double[][] samples(Path file, Path cache, int n, int reloads) throws Exception {
        double[][] out = new double[2][n];
        for (int i = 0; i < n; i++) {
            double[] s = sample(file, cache, reloads);
            out[0][i] = s[0];
            out[1][i] = s[1];
        }
        return out;
    }

    private double[] sample(Path file, Path cache, int reloads) throws Exception {
        var command = command(file, cache, "-XX:SharedArchiveFile=" + archive, reloads);
        var result = JSON.readTree(Processes.run(command, work, 300));
        return new double[] {result.get("load_ms").asDouble(), result.get("reload_ms").asDouble()};
    }
}
