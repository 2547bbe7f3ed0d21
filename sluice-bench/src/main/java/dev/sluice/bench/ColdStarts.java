package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plugin cold starts, each in a fresh JVM ({@link ColdStart}): without a compile cache, and with a
 * cache a previous process filled. Each sample also reports a reload in the then-warm JVM.
 *
 * <p>Every JVM gets the launcher's flags and the class data {@code ./sluice} would make on its JDK
 * ({@link ClassData}), trained by one run beforehand. The plugins run on the benchmark's own JDK;
 * when that is older than 25 and a JDK 25+ is installed, the Rust filter runs on that one too, with
 * the AOT cache. Each row names its JVM and flags. The JavaScript plugin's loads are part of its
 * own row ({@link JsBench}).
 */
final class ColdStarts {

    /**
     * Medians over the samples, in milliseconds; the CPU figures are the loading thread's time on a
     * CPU during the first load (the rest of the wall time it waited for one, or for the JIT).
     */
    record Result(
            String plugin,
            String java,
            String flags,
            double freshMs,
            double freshCpuMs,
            double freshReloadMs,
            double cachedMs,
            double cachedCpuMs,
            double cachedReloadMs) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Plugins plugins;
    private final Path work;
    private final String java;
    private final boolean quick;

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
        var results = new ArrayList<Result>();
        var own = new Jvm(java, train(java, "own"));
        for (Path file : files) {
            results.add(measure(own, file, samples, 5));
        }
        Optional<String> newer =
                Runtime.version().feature() >= 25 ? Optional.empty() : Jdks.atLeast25();
        if (newer.isPresent()) {
            System.out.println("  cold start of the Rust filter on " + newer.get());
            var jvm = new Jvm(newer.get(), train(newer.get(), "newer"));
            results.add(measure(jvm, plugins.rustFilter(), samples, 5));
        }
        return results;
    }

    /** A JVM with its class data made. */
    private record Jvm(String java, ClassData classData) {}

    /** Makes the class data for this JVM with one load of the Rust filter (a cache filled too). */
    private ClassData train(String javaCommand, String name) throws Exception {
        var classData = ClassData.forJava(javaCommand, work.resolve("cold-start-" + name));
        Files.deleteIfExists(classData.file());
        Path cache = Files.createTempDirectory(work, "training-cache-");
        Processes.run(
                command(javaCommand, classData.training(), plugins.rustFilter(), cache, 5),
                work,
                180);
        return classData;
    }

    private List<String> command(
            String javaCommand, List<String> classData, Path file, Path cache, int reloads) {
        var command = new ArrayList<String>();
        command.add(javaCommand);
        command.addAll(BenchMain.SLUICE_JVM_FLAGS);
        command.addAll(classData);
        command.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        ColdStart.class.getName(),
                        file.toString(),
                        cache == null ? "none" : cache.toString(),
                        Integer.toString(reloads)));
        return command;
    }

    private Result measure(Jvm jvm, Path file, int samples, int reloads) throws Exception {
        var fresh = samples(jvm, file, null, samples, reloads);
        Path cache = Files.createTempDirectory(work, "cache-");
        sample(jvm, file, cache, reloads); // fills the cache
        var cached = samples(jvm, file, cache, samples, reloads);
        var flags = new ArrayList<>(BenchMain.SLUICE_JVM_FLAGS);
        flags.addAll(jvm.classData().use());
        return new Result(
                file.getFileName().toString(),
                fresh.get(0).get("java").asText(),
                // The class-data file by name: where the benchmark kept it says nothing.
                String.join(" ", flags).replace(jvm.classData().file().getParent() + "/", ""),
                median(fresh, "load_ms"),
                median(fresh, "load_cpu_ms"),
                median(fresh, "reload_ms"),
                median(cached, "load_ms"),
                median(cached, "load_cpu_ms"),
                median(cached, "reload_ms"));
    }

    private static double median(List<JsonNode> samples, String field) {
        double[] values = new double[samples.size()];
        for (int i = 0; i < values.length; i++) {
            var value = samples.get(i).get(field);
            values[i] = value == null || value.isNull() ? Double.NaN : value.asDouble();
        }
        return Measured.median(values);
    }

    private List<JsonNode> samples(Jvm jvm, Path file, Path cache, int n, int reloads)
            throws Exception {
        var out = new ArrayList<JsonNode>();
        for (int i = 0; i < n; i++) {
            out.add(sample(jvm, file, cache, reloads));
        }
        return out;
    }

    private JsonNode sample(Jvm jvm, Path file, Path cache, int reloads) throws Exception {
        var command = command(jvm.java(), jvm.classData().use(), file, cache, reloads);
        return JSON.readTree(Processes.run(command, work, 300));
    }
}
