package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.config.HttpSettings;
import dev.sluice.server.config.StorageSettings;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server with small storage and request limits: what a producer sees when they are hit. */
class RetentionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long MAX_STORED = 20 * 1024;
    private static final long MAX_REQUEST = 64 * 1024;

    private static SluiceServer server;

    @BeforeAll
    static void start() {
        var settings =
                TestSettings.withoutPlugins(
                        new StorageSettings(MAX_STORED),
                        new HttpSettings(
                                MAX_REQUEST,
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(30),
                                1024,
                                200));
        server = SluiceServer.start(settings);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, HttpRequest.BodyPublisher body)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("content-type", "application/json")
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, Map<String, Object> body)
            throws Exception {
        return post(path, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void storageStaysWithinItsBudgetAndFetchSaysWhereTheLogStarts() throws Exception {
        String kilobyte = "x".repeat(1024);
        long last = -1;
        for (int i = 0; i < 100; i++) {
            var response = post("/produce", Map.of("topic", "kept", "value", kilobyte));
            assertThat(response.statusCode()).isEqualTo(200);
            last = json(response).get("offset").asLong();
        }
        assertThat(last).as("offsets keep growing").isEqualTo(99);
        assertThat(server.topics().bytes()).isLessThanOrEqualTo(MAX_STORED);

        var tooOld = post("/fetch", Map.of("topic", "kept", "offset", 0));
        assertThat(tooOld.statusCode()).isEqualTo(416);
        long start = json(tooOld).get("log_start_offset").asLong();
        assertThat(start).isBetween(80L, 99L);
        assertThat(json(tooOld).get("error").asText())
                .isEqualTo(
                        "offset 0 of kept/0 is no longer stored: retention"
                                + " (storage.retention.max_bytes or max_age) removed it; the"
                                + " first offset"
                                + " still stored is "
                                + start);
        assertThat(json(tooOld).get("high_watermark").asLong()).isEqualTo(100);

        var fromStart = json(post("/fetch", Map.of("topic", "kept", "offset", start)));
        assertThat(fromStart.get("records")).hasSize((int) (100 - start));
        assertThat(fromStart.get("records").get(0).get("offset").asLong()).isEqualTo(start);
        assertThat(fromStart.get("log_start_offset").asLong()).isEqualTo(start);

        String metrics =
                HTTP.send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + server.port()
                                                                + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        assertThat(metrics).contains("sluice_storage_max_bytes " + (double) MAX_STORED);
        assertThat(metrics).containsPattern("sluice_storage_removed_total [1-9]");
    }

    @Test
    void aRecordLargerThanAllOfStorageIs507() throws Exception {
        var response = post("/produce", Map.of("topic", "huge", "value", "x".repeat(30_000)));

        assertThat(response.statusCode()).isEqualTo(507);
        assertThat(json(response).get("error").asText())
                .startsWith("storage full: the record needs about ")
                .endsWith("more than storage.retention.max_bytes (20480) allows in total");
        assertThat(post("/fetch", Map.of("topic", "huge")).statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyOverTheRequestLimitIs413WithOrWithoutADeclaredLength() throws Exception {
        String big = JSON.writeValueAsString(Map.of("topic", "t", "value", "x".repeat(100_000)));

        var declared = post("/produce", HttpRequest.BodyPublishers.ofString(big));
        var chunked =
                post(
                        "/produce",
                        HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(big.getBytes())));

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(json(declared).get("error").asText())
                .isEqualTo(
                        "request body too large: "
                                + big.length()
                                + " bytes, the limit is 65536 bytes"
                                + " (http.max_request_size); send smaller records");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(json(chunked).get("error").asText())
                .startsWith("request body too large: more than 65536 bytes");
    }
}
