package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 3 as a user sees it: a real server process (default storage: on disk, flushed
 * before every answer) takes records from several producers and is killed with SIGKILL in the
 * middle; restarted on the same data_dir, it still has every record it acknowledged, at the offset
 * it gave, and no request that wrote to two partitions is there by half.
 */
class KillNineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PARTITIONS =
            List.of("solo/0", "solo/1", "pair-a/0", "pair-b/0");

    @TempDir Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** (topic/partition/offset) → value, of every record a 200 acknowledged. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedRecordSurvivesKillNine() throws Exception {
        Path settings = ServerProcess.killableSettings(dir);
        int port = ServerProcess.freePort();
        Process first = ServerProcess.start(settings, port, dir.resolve("first.log"));
        var stop = new AtomicBoolean();
        ExecutorService producers = Executors.newFixedThreadPool(4);
        try {
            ServerProcess.awaitHealthy(http, port, first, dir.resolve("first.log"));
            for (int t = 0; t < 4; t++) {
                int thread = t;
                producers.submit(() -> produce(port, thread, stop));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(acknowledged.size())
                    .as("records acknowledged before the kill")
                    .isGreaterThanOrEqualTo(300);
        } finally {
            first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close
            first.waitFor(30, TimeUnit.SECONDS);
            stop.set(true);
            producers.shutdown();
            producers.awaitTermination(30, TimeUnit.SECONDS);
        }

        Process second = ServerProcess.start(settings, port, dir.resolve("second.log"));
        try {
            ServerProcess.awaitHealthy(http, port, second, dir.resolve("second.log"));
            Map<String, String> stored = new HashMap<>();
            for (String tp : PARTITIONS) {
                stored.putAll(fetchAll(port, tp));
            }
            assertThat(stored).containsAllEntriesOf(acknowledged);
            // Each pair request wrote "<id>" to pair-a and to pair-b: both or neither.
            Set<String> inA = new HashSet<>();
            Set<String> inB = new HashSet<>();
            stored.forEach(
                    (where, value) -> {
                        if (where.startsWith("pair-a/")) {
                            inA.add(value);
                        } else if (where.startsWith("pair-b/")) {
                            inB.add(value);
                        }
                    });
            assertThat(inA).isEqualTo(inB);
            // And the restarted server goes on from where the log ends.
            var more =
                    post(
                            port,
                            "/produce",
                            "{\"topic\":\"solo\",\"partition\":0,\"value\":\"after\"}");
            assertThat(more.statusCode()).isEqualTo(200);
        } finally {
            ServerProcess.stop(second);
        }
    }

    private Void produce(int port, int thread, AtomicBoolean stop) {
        for (int i = 0; !stop.get(); i++) {
            String id = thread + "-" + i;
            try {
                if (i % 3 == 2) {
                    String body =
                            "{\"records\":[{\"topic\":\"pair-a\",\"value\":\""
                                    + id
                                    + "\"},"
                                    + "{\"topic\":\"pair-b\",\"value\":\""
                                    + id
                                    + "\"}]}";
                    var r = post(port, "/produce", body);
                    if (r.statusCode() == 200) {
                        for (JsonNode result : JSON.readTree(r.body()).get("results")) {
                            acknowledge(result.get("records"), id);
                        }
                    }
                } else {
                    String body =
                            "{\"topic\":\"solo\",\"partition\":"
                                    + (i % 2)
                                    + ",\"value\":\""
                                    + id
                                    + "\"}";
                    var r = post(port, "/produce", body);
                    if (r.statusCode() == 200) {
                        acknowledge(JSON.readTree(r.body()).get("records"), id);
                    }
                }
            } catch (IOException e) {
                // the server was killed: what it did not answer was never acknowledged
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    private void acknowledge(JsonNode placements, String value) {
        for (JsonNode p : placements) {
            acknowledged.put(
                    p.get("topic").asText()
                            + "/"
                            + p.get("partition").asInt()
                            + "/"
                            + p.get("offset").asLong(),
                    value);
        }
    }

    private Map<String, String> fetchAll(int port, String topicPartition) throws Exception {
        String topic = topicPartition.substring(0, topicPartition.indexOf('/'));
        int partition = Integer.parseInt(topicPartition.substring(topicPartition.indexOf('/') + 1));
        Map<String, String> out = new HashMap<>();
        long offset = 0;
        while (true) {
            var r =
                    post(
                            port,
                            "/fetch",
                            "{\"topic\":\""
                                    + topic
                                    + "\",\"partition\":"
                                    + partition
                                    + ",\"offset\":"
                                    + offset
                                    + ",\"max_records\":1000}");
            if (r.statusCode() == 404) {
                return out;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            var body = JSON.readTree(r.body());
            for (JsonNode rec : body.get("records")) {
                out.put(
                        topicPartition + "/" + rec.get("offset").asLong(),
                        rec.get("value").asText());
            }
            long next = body.get("next_offset").asLong();
            if (next >= body.get("high_watermark").asLong()) {
                return out;
            }
            offset = next;
        }
    }

    private HttpResponse<String> post(int port, String path, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
