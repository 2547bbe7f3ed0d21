package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.Sluice;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One real Sluice server in its own JVM on a loopback port, with a given plugin chain, started from
 * the server jar with the launcher's JVM flags and a settings file this class writes. Once healthy,
 * the server's own {@code /plugins} must list exactly that chain, every plugin enabled: a benchmark
 * of "one plugin" that runs none measures nothing.
 */
final class BenchServer implements AutoCloseable {

    /** The record every request posts: accepted by the content filter, 100-byte value. */
    static final String RECORD_JSON =
            "{\"topic\":\"orders\",\"partition\":0,\"key\":\"k\",\"value\":\""
                    + "x".repeat(100)
                    + "\"}";

    /**
     * A fixed heap, the same for every chain, so no server's figures move as its heap is resized
     * during a run. Storage retention is bounded well inside it, so every server's log reaches its
     * steady size (appends evicting the oldest records) during warm-up rather than growing, and
     * collecting, through the measured rounds.
     */
    static final List<String> HEAP_FLAGS = List.of("-Xms1g", "-Xmx1g");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> chain;
    private final int port;
    private final Process process;
    private final Path settings;
    private final Path log;

    private BenchServer(List<Path> chain, int port, Process process, Path settings, Path log) {
        this.chain = chain;
        this.port = port;
        this.process = process;
        this.settings = settings;
        this.log = log;
    }

    /** Starts the server, waits until healthy and checks that it runs {@code chain}. */
    static BenchServer start(String java, Path serverJar, Path work, List<Path> chain)
            throws Exception {
        return start(java, serverJar, work, chain, Duration.ofSeconds(60), "");
    }

    /**
     * As {@link #start(String, Path, Path, List)}, waiting up to {@code healthy} for it, with
     * {@code pluginLimits} (YAML lines such as {@code "max_init_time: 10m"}) added to the {@code
     * plugin} block.
     */
    static BenchServer start(
            String java,
            Path serverJar,
            Path work,
            List<Path> chain,
            Duration healthy,
            String pluginLimits)
            throws Exception {
        int port = freePort();
        return start(
                java,
                serverJar,
                work,
                chain,
                healthy,
                port,
                "http-" + chain.size() + "-plugins",
                settingsYaml(port, chain, pluginLimits));
    }

    /**
     * A server with its Kafka listener on {@code kafkaPort} and Sluice's default durable storage
     * (under its own {@code data_dir} in {@code work}) with the given {@code storage.flush} value.
     */
    static BenchServer startKafka(
            String java, Path serverJar, Path work, List<Path> chain, int kafkaPort, String flush)
            throws Exception {
        int port = freePort();
        String name = "kafka-" + chain.size() + "-plugins-" + flush.replaceAll("[^a-z0-9]", "");
        // A fresh folder per server: each run starts from an empty log, as the Kafka broker does.
        Path data = Files.createTempDirectory(work, name + "-data-");
        var yaml =
                settingsYaml(port, chain, "")
                        .replace("kafka_port: 0", "kafka_port: " + kafkaPort)
                        .replaceAll(
                                "storage:\n  type: memory\n  retention:\n    max_bytes: 64MiB\n",
                                "data_dir: "
                                        + data
                                        + "\nstorage:\n  type: disk\n  flush: "
                                        + flush
                                        // Kafka's default keeps 7 days, unbounded in bytes: room
                                        // for the 1 GB fetch topic, whose start must stay.
                                        + "\n  retention:\n    max_bytes: 4GiB\n");
        return start(java, serverJar, work, chain, Duration.ofSeconds(60), port, name, yaml);
    }

    private static BenchServer start(
            String java,
            Path serverJar,
            Path work,
            List<Path> chain,
            Duration healthy,
            int port,
            String name,
            String yaml)
            throws Exception {
        Path settings = work.resolve(name + ".yaml");
        Files.writeString(settings, yaml);
        Path log = work.resolve(name + ".log");
        var command = new ArrayList<>(BenchMain.SLUICE_JVM_FLAGS);
        command.add(0, java);
        command.addAll(HEAP_FLAGS);
        command.addAll(List.of("-jar", serverJar.toString(), "run", "-s", settings.toString()));
        var process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        var server = new BenchServer(chain, port, process, settings, log);
        try {
            server.awaitHealthy(healthy);
            checkChain(chain, server.get("/plugins"), settings, log);
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * The settings: the chain in order, on 127.0.0.1, the launcher's defaults otherwise but for
     * retention (see {@link #HEAP_FLAGS}) and the memory all instances may reserve, which must hold
     * every plugin's full pool at the default 64 MiB cap so that no record waits for memory.
     */
    static String settingsYaml(int port, List<Path> chain) {
        return settingsYaml(port, chain, "");
    }

    private static String settingsYaml(int port, List<Path> chain, String pluginLimits) {
        var yaml = new StringBuilder();
        yaml.append("rest_port: ").append(port).append('\n');
        yaml.append("kafka_port: 0\n"); // the HTTP benchmark: no Kafka listener
        yaml.append("rest_address: 127.0.0.1\n");
        yaml.append("plugin_paths:").append(chain.isEmpty() ? " []" : "").append('\n');
        for (Path p : chain) {
            yaml.append("  - ").append(p.toAbsolutePath()).append('\n');
        }
        yaml.append("plugin:\n  max_total_memory: 1GiB\n");
        pluginLimits.lines().forEach(line -> yaml.append("  ").append(line).append('\n'));
        // In memory, as when these figures began: the HTTP rows compare plugin chains, and a
        // force to disk per request (storage.type: disk, the default since issue 12) would
        // drown what the plugins cost. Durable storage is measured on its own (operations.md).
        yaml.append("storage:\n  type: memory\n  retention:\n    max_bytes: 64MiB\n");
        // The chains run side by side from one folder: an embedded state store there would be
        // locked by the first, and none of these plugins keeps state.
        yaml.append("state:\n  type: memory\n");
        return yaml.toString();
    }

    /**
     * Fails unless {@code plugins} (the server's {@code /plugins} answer) lists exactly the plugins
     * of {@code chain}, in order, each ENABLED.
     */
    static void checkChain(List<Path> chain, String plugins, Path settings, Path log)
            throws IOException {
        var expected = chain.stream().map(Sluice::pluginName).toList();
        var actual = new ArrayList<String>();
        var notEnabled = new ArrayList<String>();
        for (JsonNode p : JSON.readTree(plugins)) {
            actual.add(p.get("name").asText());
            if (!p.get("state").asText().equals("ENABLED")) {
                notEnabled.add(p.get("name").asText() + " is " + p.get("state").asText());
            }
        }
        if (!actual.equals(expected) || !notEnabled.isEmpty()) {
            throw new IllegalStateException(
                    "the server started from "
                            + settings
                            + " runs the chain "
                            + actual
                            + (notEnabled.isEmpty() ? "" : " (" + notEnabled + ")")
                            + " where the benchmark expects "
                            + expected
                            + ", all enabled; its log: "
                            + log);
        }
    }

    int port() {
        return port;
    }

    int plugins() {
        return chain.size();
    }

    /** For messages: how many plugins and where the server's log is. */
    String describe() {
        return chain.size() + " plugin" + (chain.size() == 1 ? "" : "s") + " (log: " + log + ")";
    }

    /**
     * The CPU time the server's JIT compiler threads have used so far, from Linux's per-thread
     * figures ({@code /proc/PID/task}); 0 where there are none to read. HotSpot starts and stops
     * compiler threads as its queue grows and shrinks, so this can fall: take differences over
     * short spans and ignore negative ones.
     */
    double compilerCpuSeconds() {
        return compilerCpuSeconds(process.pid());
    }

    static double compilerCpuSeconds(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        double ticks = 0;
        try (var threads = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) threads::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // Fields after the parenthesised name: state is 3rd, utime 14th, stime 15th.
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks / CLOCK_TICKS_PER_SECOND;
    }

    /** Linux's USER_HZ, the unit of /proc's CPU times: 100 on every common architecture. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    /**
     * The CPU time the server process has used so far, all threads (the JVM reads it from the OS in
     * clock ticks, 10 ms on Linux: small against a round's seconds).
     */
    double cpuSeconds() {
        return process.toHandle()
                        .info()
                        .totalCpuDuration()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "the OS does not tell the server's CPU time, which the"
                                                        + " HTTP benchmark reports per request"))
                        .toNanos()
                / 1e9;
    }

    private String get(String path) throws Exception {
        var client = HttpClient.newHttpClient();
        var response =
                client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private void awaitHealthy(Duration healthy) throws Exception {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        long deadline = System.nanoTime() + healthy.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the server started from "
                                + settings
                                + " exited with "
                                + process.exitValue()
                                + "; its log: "
                                + log);
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(
                "the server started from "
                        + settings
                        + " did not become healthy in "
                        + healthy.toSeconds()
                        + " s; its log: "
                        + log);
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
