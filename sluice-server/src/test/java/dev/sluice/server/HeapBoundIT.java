package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 2, replayed: a server with {@code -Xmx256m} takes 1 KB records at full speed.
 * Before retention its heap filled in 37 s and it stopped answering. Not in the default suite (it
 * runs for {@code sluice.heap.seconds}, default 25; {@code sluice.heap.record_bytes}, default 1000,
 * sets the record size, larger to fill the heap sooner on a slow machine):
 *
 * <pre>./mvnw -o -pl sluice-server verify -Dit.test=HeapBoundIT -Dsluice.heap.scenario=true</pre>
 */
@EnabledIfSystemProperty(named = "sluice.heap.scenario", matches = "true")
class HeapBoundIT {

    @TempDir Path dir;

    @Test
    void aSmallHeapServerKeepsAnsweringWhileRecordsPourIn() throws Exception {
        int port = ServerProcess.freePort();
        Path settings =
                Files.writeString(
                        dir.resolve("settings.yaml"),
                        "rest_address: 127.0.0.1\nplugin:\n  enabled: false\n");
        Process server = ServerProcess.start(settings, port, dir.resolve("server.log"));
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String base = "http://127.0.0.1:" + port;
        try {
            ServerProcess.awaitHealthy(http, port, server, dir.resolve("server.log"));
            long seconds = Long.getLong("sluice.heap.seconds", 25);
            var stop = new AtomicBoolean();
            var stored = new AtomicLong();
            var failed = new AtomicLong();
            int size = Integer.getInteger("sluice.heap.record_bytes", 1000);
            String record = "{\"topic\":\"flood\",\"value\":\"" + "x".repeat(size) + "\"}";
            var producers = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                producers.submit(
                        () -> {
                            while (!stop.get()) {
                                try {
                                    var r = http.send(post(base + "/produce", record), ofString());
                                    (r.statusCode() == 200 ? stored : failed).incrementAndGet();
                                } catch (Exception e) {
                                    failed.incrementAndGet();
                                }
                            }
                            return null;
                        });
            }
            var healthChecks = new ArrayList<Integer>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                var health =
                        http.send(
                                HttpRequest.newBuilder(URI.create(base + "/health"))
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                ofString());
                healthChecks.add(health.statusCode());
                Thread.sleep(1000);
            }
            stop.set(true);
            producers.shutdown();
            producers.awaitTermination(60, TimeUnit.SECONDS);

            String metrics =
                    http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                                    ofString())
                            .body();
            double bytes = metric(metrics, "sluice_storage_bytes");
            double max = metric(metrics, "sluice_storage_max_bytes");
            System.out.printf(
                    "heap scenario: %d s, %d-byte records, %d stored, %d failed, storage %.0f of %.0f bytes,"
                            + " %.0f records held, %.0f removed%n",
                    seconds,
                    size,
                    stored.get(),
                    failed.get(),
                    bytes,
                    max,
                    metric(metrics, "sluice_storage_records"),
                    metric(metrics, "sluice_storage_removed_total"));
            assertThat(healthChecks).isNotEmpty().allMatch(status -> status == 200);
            assertThat(failed.get()).isZero();
            assertThat(bytes).isLessThanOrEqualTo(max);
            assertThat(server.isAlive()).isTrue();
        } finally {
            server.destroy(); // SIGTERM: the server must still be able to stop
            boolean exited = server.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                server.destroyForcibly();
            }
            assertThat(exited).as("the server stopped on SIGTERM").isTrue();
            assertThat(Files.readString(dir.resolve("server.log")))
                    .doesNotContain("OutOfMemoryError");
        }
    }

    private static HttpRequest post(String uri, String body) {
        return HttpRequest.newBuilder(URI.create(uri))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
    }

    private static double metric(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }
}
