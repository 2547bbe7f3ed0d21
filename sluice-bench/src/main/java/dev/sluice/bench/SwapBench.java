package dev.sluice.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hot swaps under load ({@code sluice bench --swap}): a server in its own JVM runs the swap filter
 * while a few loopback producers send single-record requests; p99 latency is measured in a steady
 * phase, then while the filter is replaced 20 times through {@code PUT /admin/plugins/{name}}
 * (alternating its two versions). Each upload's time to its answer is the swap time: the answer
 * comes once the new version is serving.
 *
 * <p>Alternating two versions is a rollback each time after the first two swaps, and a plugin keeps
 * the compiled code of the version it replaced: those swaps compile nothing. So the filter runs a
 * second time with a new build on every swap (the same code with a custom section that numbers the
 * build: other bytes, so compiled afresh). The 12 MB JavaScript plugin runs only that way, a few
 * swaps (it takes a minute to compile on Chicory). ZeroDowntimeIT proves nothing is lost or
 * misjudged; this measures what a swap costs.
 */
final class SwapBench {

    private static final int PRODUCERS = 3;

    private final Plugins plugins;
    private final Path work;
    private final String java;
    private final boolean quick;

    SwapBench(Plugins plugins, Path work, String java, boolean quick) {
        this.plugins = plugins;
        this.work = work;
        this.java = java;
        this.quick = quick;
    }

    /** What one run measured. */
    record Result(
            String plugin,
            int swaps,
            double steadyP99Ms,
            double swapP99Ms,
            long steadyRequests,
            long swapRequests,
            long non2xx,
            double swapMedianMs,
            double swapMaxMs) {

        String row() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %.2f | %.2f | %.2f | %,.0f | %,.0f | %d |",
                    plugin,
                    swaps,
                    steadyP99Ms,
                    swapP99Ms,
                    steadyP99Ms == 0 ? 0 : swapP99Ms / steadyP99Ms,
                    swapMedianMs,
                    swapMaxMs,
                    non2xx);
        }
    }

    static String table(List<Result> results) {
        var t = new StringBuilder();
        t.append(
                "| plugin swapped | swaps | steady p99 ms | p99 during swaps ms | ratio | swap"
                        + " (upload to serving) median ms | max ms | non-2xx |\n");
        t.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        results.forEach(r -> t.append(r.row()).append('\n'));
        return t.toString();
    }

    List<Result> run() throws Exception {
        Path sluice = plugins.root().resolve("plugins/sluice");
        Path testdata = plugins.root().resolve("plugins/testdata/components");
        var results = new ArrayList<Result>();
        Path a = testdata.resolve("swap-filter-a.wasm");
        Path b = testdata.resolve("swap-filter-b.wasm");
        attempt(results, "swap-filter (Rust), two versions alternated", a, b, false, 20, "");
        attempt(results, "swap-filter (Rust), a new build every swap", a, b, true, 20, "");
        // The JS plugin's two builds (sluice world and Blink) are different modules of the same
        // size: each swap compiles 12k functions, which takes minutes on a busy machine.
        attempt(
                results,
                "content-filter-js (12 MB JS), a new build every swap",
                sluice.resolve("content-filter-js.wasm"),
                plugins.root().resolve("plugins/blink/content-filter-js.wasm"),
                true,
                quick ? 2 : 3,
                // Until a JIT engine runs it (issue 14), Chicory interprets SpiderMonkey's main
                // loop: a record takes tens of ms and a first load minutes, beyond the defaults.
                "max_execution_time: 5s\nmax_init_time: 10m");
        return results;
    }

    /** Measures one plugin; one that fails is reported and the others still run. */
    private void attempt(
            List<Result> results,
            String label,
            Path first,
            Path second,
            boolean newBuilds,
            int swaps,
            String pluginLimits) {
        try {
            var result = measure(label, first, second, newBuilds, swaps, pluginLimits);
            System.out.println(result.row());
            results.add(result);
        } catch (Exception e) {
            System.err.println("sluice-bench: " + label + " swaps not measured: " + e.getMessage());
        }
    }

    private Result measure(
            String label,
            Path first,
            Path second,
            boolean newBuilds,
            int swaps,
            String pluginLimits)
            throws Exception {
        Path dir = Files.createDirectories(work.resolve("swap-" + swaps + "-" + System.nanoTime()));
        Path running = Files.copy(first, dir.resolve("swapped.wasm"));
        try (var server =
                BenchServer.start(
                        java, jar(), dir, List.of(running), Duration.ofMinutes(10), pluginLimits)) {
            String token = Files.readString(dir.resolve("data/admin.token")).strip();
            var load = new Load(server.port());
            load.start();
            try {
                Thread.sleep(quick ? 5_000 : 15_000); // warm-up
                load.reset();
                Thread.sleep(quick ? 5_000 : 15_000);
                var steady = load.reset();
                byte[][] versions = {Files.readAllBytes(second), Files.readAllBytes(first)};
                var swapTimes = new double[swaps];
                var http = HttpClient.newHttpClient();
                for (int i = 0; i < swaps; i++) {
                    var put =
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + server.port()
                                                            + "/admin/plugins/swapped"))
                                    .header("Authorization", "Bearer " + token)
                                    .PUT(
                                            HttpRequest.BodyPublishers.ofByteArray(
                                                    newBuilds
                                                            ? numbered(versions[i % 2], i)
                                                            : versions[i % 2]))
                                    .build();
                    long start = System.nanoTime();
                    var answer = http.send(put, HttpResponse.BodyHandlers.ofString());
                    swapTimes[i] = (System.nanoTime() - start) / 1e6;
                    if (answer.statusCode() != 200 || !answer.body().contains("\"replaced\"")) {
                        throw new IllegalStateException(
                                label
                                        + ": swap "
                                        + i
                                        + " answered "
                                        + answer.statusCode()
                                        + " "
                                        + answer.body());
                    }
                    Thread.sleep(200); // some records on each version
                }
                var during = load.reset();
                Arrays.sort(swapTimes);
                return new Result(
                        label,
                        swaps,
                        steady.p99Ms(),
                        during.p99Ms(),
                        steady.count(),
                        during.count(),
                        steady.non2xx() + during.non2xx(),
                        swapTimes[swaps / 2],
                        swapTimes[swaps - 1]);
            } finally {
                load.stop();
            }
        }
    }

    /**
     * {@code wasm} (a core module or a component) with a custom section numbering the build
     * appended: valid and equivalent, but other bytes. Both binary formats allow a custom section
     * (id 0: a LEB128 size, then a name and any bytes) at the end.
     */
    static byte[] numbered(byte[] wasm, int build) {
        byte[] name = "sluice-bench-build".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = Integer.toString(build).getBytes(StandardCharsets.US_ASCII);
        var section = new ByteArrayOutputStream();
        int size = 1 + name.length + payload.length; // the name's length fits one LEB128 byte
        section.write(0);
        section.write(size); // < 128: one LEB128 byte
        section.write(name.length);
        section.writeBytes(name);
        section.writeBytes(payload);
        byte[] out = Arrays.copyOf(wasm, wasm.length + section.size());
        System.arraycopy(section.toByteArray(), 0, out, wasm.length, section.size());
        return out;
    }

    private Path jar() {
        return plugins.root().resolve("sluice-server/target/sluice-server-0.1.0-SNAPSHOT.jar");
    }

    /** Loopback producers, each one request at a time, their latencies kept per phase. */
    private static final class Load {
        record Phase(long count, long non2xx, double p99Ms) {}

        private final int port;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        private List<Long> latencies = new ArrayList<>();
        private long non2xx;

        Load(int port) {
            this.port = port;
        }

        void start() {
            for (int i = 0; i < PRODUCERS; i++) {
                var t = new Thread(this::produce, "swap-load-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void produce() {
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            var request =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/produce"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(BenchServer.RECORD_JSON))
                            .build();
            while (!stop.get()) {
                long start = System.nanoTime();
                int status;
                try {
                    status =
                            http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    status = 0;
                }
                long took = System.nanoTime() - start;
                synchronized (this) {
                    latencies.add(took);
                    if (status / 100 != 2) {
                        non2xx++;
                    }
                }
            }
        }

        /** The phase since the last reset; starts the next. */
        synchronized Phase reset() {
            var all = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            var phase =
                    new Phase(
                            all.length,
                            non2xx,
                            all.length == 0
                                    ? 0
                                    : all[(int) Math.ceil(all.length * 0.99) - 1] / 1e6);
            latencies = new ArrayList<>();
            non2xx = 0;
            return phase;
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (var t : threads) {
                t.join(10_000);
            }
        }
    }
}
