package dev.sluice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.SettingsLoader;
import dev.sluice.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero downtime: while producers send records continuously over HTTP, the filter is replaced 20
 * times through {@code PUT /admin/plugins/{name}} (alternating two versions with different rules)
 * and once with a broken file. No request gets a 5xx, every accepted record is stored, every record
 * is judged by exactly one version (each version marks what it judged), and the broken version
 * never serves.
 */
class ZeroDowntimeIT {

    private static final Path A = Fixtures.testdata("components/swap-filter-a.wasm");
    private static final Path B = Fixtures.testdata("components/swap-filter-b.wasm");
    private static final Path BROKEN = Fixtures.testdata("blink-bad-init.wasm");
    private static final int PRODUCERS = 3;
    private static final int SWAPS = 20;

    @TempDir Path dir;

    /** One request's outcome: the value sent, the status, and the reason or nothing. */
    record Sent(String value, int status, String reason) {}

    @Test
    @Timeout(value = 120) // a guard against a hang; the run takes well under 60 s
    void replacingTheFilterUnderLoadLosesNothingAndFailsNothing() throws Exception {
        Path filter = Files.copy(A, dir.resolve("swap-filter.wasm"));
        var settings =
                Files.writeString(
                        dir.resolve("settings.yaml"),
                        """
                        rest_port: 0
                        rest_address: 127.0.0.1
                        data_dir: data
                        storage: { type: memory }
                        state: { type: memory }
                        plugin_paths: [ %s ]
                        plugin: { max_execution_time: 5s, compile_cache: data/compile-cache }
                        """
                                .formatted(filter.toAbsolutePath()));
        try (var server = SluiceServer.start(SettingsLoader.load(settings))) {
            var admin =
                    new AdminClient(
                            server.port(),
                            Files.readString(dir.resolve("data/admin.token")).strip());
            var sent = new CopyOnWriteArrayList<Sent>();
            var stop = new AtomicBoolean();
            var producers = new ArrayList<Thread>();
            var errors = new ConcurrentHashMap<String, Throwable>();
            for (int t = 0; t < PRODUCERS; t++) {
                int id = t;
                var thread =
                        new Thread(
                                () -> {
                                    try {
                                        produce(server.port(), id, stop, sent);
                                    } catch (Throwable e) {
                                        errors.put("producer " + id, e);
                                    }
                                },
                                "producer-" + t);
                producers.add(thread);
                thread.start();
            }
            try {
                awaitRecords(sent, 20);
                byte[][] versions = {Files.readAllBytes(B), Files.readAllBytes(A)};
                for (int i = 0; i < SWAPS; i++) {
                    var answer = admin.upload("swap-filter", versions[i % 2]);
                    assertThat(answer.status()).as("swap %d: %s", i, answer.body()).isEqualTo(200);
                    assertThat(answer.body().get("status").asText()).isEqualTo("replaced");
                    awaitRecords(sent, sent.size() + 5); // the new version serves a while
                }
                String serving =
                        admin.get("/admin/plugins/swap-filter").body().get("sha256").asText();
                var broken = admin.upload("swap-filter", Files.readAllBytes(BROKEN));
                assertThat(broken.status()).isEqualTo(422);
                assertThat(broken.body().get("kept").asText()).isEqualTo(serving);
                awaitRecords(sent, sent.size() + 20);
            } finally {
                stop.set(true);
                for (var thread : producers) {
                    thread.join(10_000);
                }
            }
            assertThat(errors).isEmpty();
            check(sent, fetchAll(server.port()));
        }
    }

    /** Sends single-record requests until stopped; every 5th value is forbidden by a or by b. */
    private static void produce(int port, int id, AtomicBoolean stop, List<Sent> sent)
            throws Exception {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int seq = 0; !stop.get(); seq++) {
            String value =
                    switch (seq % 10) {
                        case 4 -> "p" + id + "-" + seq + "-forbidden-a";
                        case 9 -> "p" + id + "-" + seq + "-forbidden-b";
                        default -> "p" + id + "-" + seq;
                    };
            var request =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/produce"))
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"topic\":\"swap\",\"value\":\"" + value + "\"}"))
                            .build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = AdminClient.JSON.readTree(response.body());
            sent.add(new Sent(value, response.statusCode(), body.path("reason").asText(null)));
        }
    }

    private static void awaitRecords(List<Sent> sent, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (sent.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sent.size()).as("the producers keep producing").isGreaterThanOrEqualTo(count);
    }

    /** Every stored record of topic swap, by value, with its judged-by header. */
    private static Map<String, List<String>> fetchAll(int port) throws Exception {
        var http = HttpClient.newHttpClient();
        var stored = new HashMap<String, List<String>>();
        long offset = 0;
        while (true) {
            var request =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fetch"))
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"topic\":\"swap\",\"offset\":%d,\"max_records\":10000}"
                                                    .formatted(offset)))
                            .build();
            var body =
                    AdminClient.JSON.readTree(
                            http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            var records = body.get("records");
            if (records.isEmpty()) {
                return stored;
            }
            for (JsonNode r : records) {
                var judges = new ArrayList<String>();
                for (JsonNode h : r.get("headers")) {
                    if (h.get("key").asText().equals("judged-by")) {
                        judges.add(h.get("value").asText());
                    }
                }
                assertThat(stored.put(r.get("value").asText(), judges)).isNull();
            }
            offset = body.get("next_offset").asLong();
        }
    }

    private static void check(List<Sent> sent, Map<String, List<String>> stored) {
        assertThat(sent).allSatisfy(s -> assertThat(s.status()).as(s.toString()).isIn(200, 422));
        int accepted = 0;
        for (Sent s : sent) {
            if (s.status() == 200) {
                accepted++;
                var judges = stored.get(s.value());
                assertThat(judges).as("accepted %s was stored", s.value()).isNotNull();
                assertThat(judges).as("judged once, by a or b").hasSize(1);
                String judge = judges.get(0);
                assertThat(judge).isIn("a", "b");
                // A version never accepts what its own rule forbids.
                assertThat(s.value()).doesNotEndWith("forbidden-" + judge);
            } else {
                assertThat(s.reason()).matches("swap-filter [ab]: value contains forbidden-[ab]");
                String judge =
                        s.reason().substring("swap-filter ".length(), "swap-filter ".length() + 1);
                assertThat(s.value()).endsWith("forbidden-" + judge);
                assertThat(stored).doesNotContainKey(s.value());
            }
        }
        assertThat(stored).hasSize(accepted);
        // Both versions judged records that the other would have judged differently.
        assertThat(sent)
                .anySatisfy(s -> assertThat(s.value()).endsWith("forbidden-a").isNotNull())
                .filteredOn(s -> s.status() == 422)
                .extracting(Sent::reason)
                .anySatisfy(r -> assertThat(r).startsWith("swap-filter a:"))
                .anySatisfy(r -> assertThat(r).startsWith("swap-filter b:"));
    }
}
