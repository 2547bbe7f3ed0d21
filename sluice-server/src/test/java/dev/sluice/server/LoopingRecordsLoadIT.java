package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginState;
import dev.sluice.server.config.Settings;
import dev.sluice.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptance load test: 16 producers against the real server for a bounded time, every tenth
 * record crafted to make the filter loop. The filter must enforce its policy throughout (looping
 * records never stored), every record answered 200 must be fetchable at its offset, and overload
 * must never move the plugin to Failed.
 *
 * <p>About 10 seconds in the normal {@code verify}; {@code -Dsluice.load.seconds=30} (or {@code
 * ./sluice soak}) runs the 30-second version.
 */
class LoopingRecordsLoadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLUGIN = "blink-misbehaving";

    /** blink-misbehaving loops forever on partition 1 and accepts partition 7. */
    private static final int LOOPS = 1;

    private static final int VALID = 7;

    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(4))
                    .build();
    private SluiceServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void loopingRecordsNeverGetInAndNothingAcceptedIsLost() throws Exception {
        long seconds = Long.getLong("sluice.load.seconds", 10);
        server =
                SluiceServer.start(
                        new Settings(
                                "load test",
                                0,
                                "127.0.0.1",
                                true,
                                List.of(Fixtures.testdata("components/blink-misbehaving.wasm")),
                                Optional.empty(),
                                // While all instances are busy looping, valid records wait
                                // (or get 503) instead of succeeding, so timeouts complete in
                                // streaks as long as the instances in flight: with the default
                                // of 5 in a row the breaker opens now and then (still failing
                                // closed). 16, one per producer, counts real failures only.
                                PluginSettings.builder()
                                        .withMaxExecutionTime(Duration.ofMillis(50))
                                        .withMaxConsecutiveFailures(16)
                                        .build(),
                                Map.of(),
                                Optional.empty()));

        var stop = new AtomicBoolean();
        var accepted = new ConcurrentHashMap<Long, String>();
        var problems = new CopyOnWriteArrayList<String>();
        var statuses = new ConcurrentHashMap<Integer, AtomicInteger>();
        var states = new CopyOnWriteArrayList<PluginState>();
        var producers = Executors.newFixedThreadPool(17);
        var tasks = new ArrayList<Future<?>>();
        for (int p = 0; p < 16; p++) {
            int producer = p;
            tasks.add(
                    producers.submit(
                            () -> {
                                for (int n = 0; !stop.get(); n++) {
                                    boolean loops = n % 10 == 9;
                                    String value = "p" + producer + "-" + n;
                                    produce(loops, value, accepted, problems, statuses);
                                }
                                return null;
                            }));
        }
        tasks.add(
                producers.submit(
                        () -> {
                            while (!stop.get()) {
                                states.add(server.engine().plugin(PLUGIN).orElseThrow().state());
                                Thread.sleep(50);
                            }
                            return null;
                        }));
        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        stop.set(true);
        for (var task : tasks) {
            task.get();
        }
        producers.shutdown();

        var after = server.engine().plugin(PLUGIN).orElseThrow();
        System.out.printf(
                "load test: %d s, 16 producers, responses by status %s, %d stored; plugin %s,"
                        + " %d calls, %d failures, %d host failures%n",
                seconds,
                statuses,
                accepted.size(),
                after.state(),
                after.calls(),
                after.failures(),
                after.hostFailures());
        assertThat(problems).isEmpty();
        assertThat(states).doesNotContain(PluginState.FAILED);
        var status = server.engine().plugin(PLUGIN).orElseThrow();
        assertThat(status.state()).isEqualTo(PluginState.ENABLED);
        assertThat(status.hostFailures()).isZero();
        assertThat(accepted).isNotEmpty();

        var stored = fetchAll();
        assertThat(stored).hasSize(accepted.size());
        accepted.forEach((offset, value) -> assertThat(stored.get(offset)).isEqualTo(value));
        assertThat(server.topics().size()).isEqualTo(accepted.size());
    }

    private void produce(
            boolean loops,
            String value,
            Map<Long, String> accepted,
            List<String> problems,
            Map<Integer, AtomicInteger> statuses)
            throws Exception {
        int partition = loops ? LOOPS : VALID;
        var response =
                post("/produce", Map.of("topic", "load", "partition", partition, "value", value));
        int code = response.statusCode();
        statuses.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
        if (code == 200) {
            if (loops) {
                problems.add("a looping record was stored: " + value);
            } else {
                accepted.put(JSON.readTree(response.body()).get("offset").asLong(), value);
            }
        } else if (code == 422) {
            if (!loops) {
                problems.add("a valid record was rejected: " + response.body());
            }
        } else if (code != 503) {
            problems.add(code + " for " + value + ": " + response.body());
        }
    }

    /** Everything stored in the valid partition, read back over HTTP, by offset. */
    private Map<Long, String> fetchAll() throws Exception {
        var out = new java.util.HashMap<Long, String>();
        long next = 0;
        while (true) {
            var response =
                    post(
                            "/fetch",
                            Map.of(
                                    "topic",
                                    "load",
                                    "partition",
                                    VALID,
                                    "offset",
                                    next,
                                    "max_records",
                                    10_000));
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            for (var record : body.get("records")) {
                out.put(record.get("offset").asLong(), record.get("value").asText());
            }
            if (body.get("records").isEmpty()) {
                return out;
            }
            next = body.get("next_offset").asLong();
        }
    }

    private HttpResponse<String> post(String path, Map<String, Object> body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("content-type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
