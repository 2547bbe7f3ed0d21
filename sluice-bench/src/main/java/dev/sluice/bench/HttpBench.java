package dev.sluice.bench;

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
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The server end to end: the real server in its own JVM on a loopback port, loaded by wrk (a
 * separate process, not Sluice's code) posting one 100-byte record per request to /produce, with 0,
 * 1 and 3 plugins in the chain. Each run is bounded by wrk's duration.
 */
final class HttpBench {

    /** One configuration's figures. */
    record Result(int plugins, double requestsPerSecond, double p50Ms, double p99Ms) {}

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE =
            Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    private final Plugins plugins;
    private final Path work;
    private final int seconds;
    private final String java;

    HttpBench(Plugins plugins, Path work, int seconds, String java) {
        this.plugins = plugins;
        this.work = work;
        this.seconds = seconds;
        this.java = java;
    }

    /**
     * Starts one server per chain, warms each up, then measures them in interleaved rounds (0, 1,
     * 3, 0, 1, 3, …) and keeps each chain's median round, so a burst of noise on this shared
     * machine lands on one round of one chain instead of skewing a whole comparison.
     */
    List<Result> run(int rounds) throws Exception {
        var chains =
                List.of(
                        List.<Path>of(),
                        List.of(plugins.rustFilter()),
                        List.of(
                                plugins.rustFilter(),
                                plugins.cFilter(),
                                plugins.rustFilterComponent()));
        Path script = work.resolve("produce.lua");
        Files.writeString(
                script,
                "wrk.method = \"POST\"\n"
                        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                        + "wrk.body = '{\"topic\":\"orders\",\"partition\":0,\"key\":\"k\",\"value\":\""
                        + "x".repeat(100)
                        + "\"}'\n");
        var servers = new ArrayList<Server>();
        try {
            for (var chain : chains) {
                servers.add(start(chain));
            }
            for (var server : servers) {
                wrk(server, script, Math.max(2, seconds / 2)); // warm-up: JIT, pools
            }
            var measured = new ArrayList<List<Result>>();
            servers.forEach(s -> measured.add(new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < servers.size(); i++) {
                    measured.get(i).add(wrk(servers.get(i), script, seconds));
                }
            }
            var results = new ArrayList<Result>();
            for (var perChain : measured) {
                perChain.sort(Comparator.comparingDouble(Result::requestsPerSecond));
                results.add(perChain.get(perChain.size() / 2));
            }
            return results;
        } finally {
            for (var server : servers) {
                server.process().destroy();
                server.process().waitFor();
            }
        }
    }

    private record Server(int plugins, int port, Process process) {}

    private Server start(List<Path> chain) throws Exception {
        int port = freePort();
        Path settings = work.resolve("http-" + chain.size() + "-plugins.yaml");
        var yaml = new StringBuilder("rest_port: " + port + "\nplugin_paths:");
        if (chain.isEmpty()) {
            yaml.append(" []");
        }
        yaml.append('\n');
        for (Path p : chain) {
            yaml.append("  - ").append(p.toAbsolutePath()).append('\n');
        }
        yaml.append("plugin:\n  enabled: false\n");
        Files.writeString(settings, yaml);
        Path log = work.resolve("http-" + chain.size() + "-plugins.log");
        var process =
                new ProcessBuilder(
                                java,
                                BenchMain.SLUICE_JVM_FLAGS.get(0),
                                "-jar",
                                plugins.root()
                                        .resolve(
                                                "sluice-server/target/sluice-server-0.1.0-SNAPSHOT.jar")
                                        .toString(),
                                "run",
                                "-s",
                                settings.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        var server = new Server(chain.size(), port, process);
        try {
            awaitHealthy(port, process, log);
        } catch (Exception e) {
            process.destroy();
            throw e;
        }
        return server;
    }

    private Result wrk(Server server, Path script, int duration) throws Exception {
        String out =
                Processes.run(
                        List.of(
                                "wrk",
                                "-t1",
                                "-c4",
                                "-d" + duration + "s",
                                "--latency",
                                "-s",
                                script.toString(),
                                "http://127.0.0.1:" + server.port() + "/produce"),
                        work,
                        duration + 30L);
        return parse(server.plugins(), out);
    }

    static Result parse(int plugins, String wrkOutput) {
        var rps = RPS.matcher(wrkOutput);
        if (!rps.find()) {
            throw new IllegalStateException("no Requests/sec in wrk's output:\n" + wrkOutput);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        var m = PERCENTILE.matcher(wrkOutput);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2));
            double ms =
                    switch (m.group(3)) {
                        case "us" -> value / 1000;
                        case "s" -> value * 1000;
                        default -> value;
                    };
            if (m.group(1).equals("50")) {
                p50 = ms;
            } else {
                p99 = ms;
            }
        }
        return new Result(plugins, Double.parseDouble(rps.group(1)), p50, p99);
    }

    private static void awaitHealthy(int port, Process server, Path log) throws Exception {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException(
                        "the server exited with " + server.exitValue() + "; its log: " + log);
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
                "the server did not become healthy in 60 s; its log: " + log);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
