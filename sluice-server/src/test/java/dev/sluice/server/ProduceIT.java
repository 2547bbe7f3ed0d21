package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.config.HttpSettings;
import dev.sluice.server.config.StorageSettings;
import dev.sluice.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /produce on the record model, over HTTP against the real server: headers and bytes, the batch
 * form, dry runs, atomicity, form bodies and the request limits.
 */
class ProduceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Storage for the bare server: room for many small records, not for two of 40 KB. */
    private static final long SMALL_STORAGE = 64 * 1024;

    /** The Blink content filter: rejects empty values and values with "password". */
    private static SluiceServer filtered;

    /** No plugins, little storage. */
    private static SluiceServer bare;

    @BeforeAll
    static void start() {
        filtered =
                SluiceServer.start(
                        TestSettings.withPlugins(
                                List.of(Fixtures.example("blink/content-filter.wasm")),
                                StorageSettings.defaults()));
        bare =
                SluiceServer.start(
                        TestSettings.withoutPlugins(
                                new StorageSettings(SMALL_STORAGE), HttpSettings.defaults()));
    }

    @AfterAll
    static void stop() {
        filtered.close();
        bare.close();
    }

    private static HttpResponse<String> post(
            SluiceServer server, String path, String type, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("content-type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> produce(SluiceServer server, Object body) throws Exception {
        return post(server, "/produce", "application/json", JSON.writeValueAsString(body));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> fetch(SluiceServer server, String topic, int partition)
            throws Exception {
        return post(
                server,
                "/fetch",
                "application/json",
                JSON.writeValueAsString(
                        Map.of("topic", topic, "partition", partition, "offset", 0)));
    }

    private static void assertStatus(HttpResponse<String> response, int status, String message)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("error").asText()).contains(message);
    }

    @Test
    void headersKeysAndBytesRoundTripThroughProduceAndFetch() throws Exception {
        var sent =
                Map.of(
                        "topic",
                        "bytes",
                        "partition",
                        1,
                        "key_base64",
                        "AAH/",
                        "value_base64",
                        "wyg=",
                        "timestamp",
                        1234,
                        "headers",
                        List.of(
                                Map.of("key", "trace", "value", "abc ✓"),
                                Map.of("key", "raw", "value_base64", "/w=="),
                                Map.of("key", "trace", "value", "again")));
        var response = produce(bare, sent);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("offset").asLong()).isZero();
        assertThat(json(response).get("records").toString())
                .isEqualTo("[{\"topic\":\"bytes\",\"partition\":1,\"offset\":0}]");
        var record = json(fetch(bare, "bytes", 1)).get("records").get(0);
        assertThat(record.toString())
                .isEqualTo(
                        "{\"offset\":0,\"key_base64\":\"AAH/\",\"value_base64\":\"wyg=\","
                                + "\"headers\":[{\"key\":\"trace\",\"value\":\"abc ✓\"},"
                                + "{\"key\":\"raw\",\"value_base64\":\"/w==\"},"
                                + "{\"key\":\"trace\",\"value\":\"again\"}],"
                                + "\"timestamp\":1234}");
    }

    @Test
    void aBatchIsAnsweredRecordByRecordInOrder() throws Exception {
        var response =
                produce(
                        filtered,
                        Map.of(
                                "records",
                                List.of(
                                        Map.of("topic", "batch-ok", "value", "one"),
                                        Map.of("topic", "batch-ok", "value", "two"),
                                        Map.of("topic", "batch-ok-2", "value", "three"))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var results = json(response).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).toString())
                .isEqualTo(
                        "{\"status\":\"stored\",\"records\":[{\"topic\":\"batch-ok\","
                                + "\"partition\":0,\"offset\":0}]}");
        assertThat(results.get(1).get("records").get(0).get("offset").asLong()).isEqualTo(1);
        assertThat(results.get(2).get("records").get(0).get("topic").asText())
                .isEqualTo("batch-ok-2");
        assertThat(json(fetch(filtered, "batch-ok", 0)).get("records")).hasSize(2);
    }

    @Test
    void aBatchWithOneRejectedRecordStoresNothing() throws Exception {
        var response =
                produce(
                        filtered,
                        Map.of(
                                "records",
                                List.of(
                                        Map.of("topic", "atomic", "value", "fine"),
                                        Map.of("topic", "atomic", "value", ""),
                                        Map.of("topic", "atomic-2", "value", "also fine"))));

        assertStatus(response, 422, "rejected");
        var body = json(response);
        assertThat(body.get("plugin").asText()).isEqualTo("content-filter");
        assertThat(body.get("reason").asText()).isEqualTo("rejected: empty value");
        assertThat(body.get("index").asInt()).isEqualTo(1);
        assertThat(body.get("results"))
                .extracting(r -> r.get("status").asText())
                .containsExactly("not_stored", "rejected", "not_stored");
        assertThat(body.get("results").get(0).get("reason").asText())
                .contains("records[1] was rejected");
        assertThat(fetch(filtered, "atomic", 0).statusCode()).isEqualTo(404);
        assertThat(fetch(filtered, "atomic-2", 0).statusCode()).isEqualTo(404);
    }

    @Test
    void aDryRunShowsEachPluginsVerdictAndLogAndStoresNothing() throws Exception {
        var response =
                post(
                        filtered,
                        "/produce?dry_run=true",
                        "application/json",
                        JSON.writeValueAsString(
                                Map.of(
                                        "records",
                                        List.of(
                                                Map.of("topic", "dry", "value", "fine"),
                                                Map.of("topic", "dry", "value", "")))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = json(response);
        assertThat(body.get("dry_run").asBoolean()).isTrue();
        assertThat(body.get("results").get(0).toString()).isEqualTo("{\"verdict\":\"accept\"}");
        assertThat(body.get("results").get(1).get("verdict").asText()).isEqualTo("reject");
        // A Blink plugin takes one record a call: one step per record.
        var steps = body.get("steps");
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).get("plugin").asText()).isEqualTo("content-filter");
        assertThat(steps.get(0).get("records").get(0).get("value").asText()).isEqualTo("fine");
        assertThat(steps.get(0).get("log")).isEmpty();
        var rejecting = steps.get(1);
        assertThat(rejecting.get("verdicts").get(0).get("reason").asText())
                .isEqualTo("rejected: empty value");
        assertThat(rejecting.get("log").toString()).contains("rejected: empty value");
        assertThat(rejecting.get("nanos").asLong()).isPositive();
        assertThat(fetch(filtered, "dry", 0).statusCode()).isEqualTo(404);

        assertStatus(
                post(filtered, "/produce?dry_run=maybe", "application/json", "{}"),
                400,
                "query parameter 'dry_run' must be true or false, got 'maybe'");
    }

    @Test
    void formBodiesCarryTheTextFieldsAndBase64() throws Exception {
        var response =
                post(
                        bare,
                        "/produce",
                        "application/x-www-form-urlencoded",
                        "topic=form&key=k%201&value_base64=%2Fw%3D%3D&timestamp=7");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var record = json(fetch(bare, "form", 0)).get("records").get(0);
        assertThat(record.get("key").asText()).isEqualTo("k 1");
        assertThat(record.get("value_base64").asText()).isEqualTo("/w==");
        assertThat(record.get("timestamp").asLong()).isEqualTo(7);
        assertStatus(
                post(
                        bare,
                        "/produce",
                        "application/x-www-form-urlencoded",
                        "topic=form&value=v&headers=x"),
                400,
                "headers can only be sent as JSON");
    }

    @Test
    void malformedRecordsAre400sNamingTheField() throws Exception {
        assertStatus(
                produce(bare, Map.of("topic", "t", "value", "v", "value_base64", "dg==")),
                400,
                "fields 'value' and 'value_base64' were both sent");
        assertStatus(
                produce(bare, Map.of("topic", "t", "value_base64", "dg=")),
                400,
                "field 'value_base64' is not base64: its length, 3, is not a multiple of 4");
        assertStatus(
                produce(bare, Map.of("topic", "t", "value_base64", "dh==")),
                400,
                "field 'value_base64' is not canonical base64");
        assertStatus(
                produce(bare, Map.of("topic", "t", "vaule", "v")),
                400,
                "unknown field 'vaule' (the fields here are topic, partition, key");
        assertStatus(
                produce(
                        bare,
                        Map.of(
                                "records",
                                List.of(
                                        Map.of("topic", "t", "value", "v"),
                                        Map.of(
                                                "topic",
                                                "t",
                                                "value",
                                                "v",
                                                "headers",
                                                List.of(Map.of("value", "x")))))),
                400,
                "missing field 'records[1].headers[0].key'");
        assertStatus(produce(bare, Map.of("records", List.of())), 400, "field 'records' is empty");
        assertStatus(
                produce(bare, Map.of("records", List.of(), "topic", "t")),
                400,
                "unknown field 'topic'");
    }

    @Test
    void theRequestLimitsAreEnforcedNamingTheLimit() throws Exception {
        var many = new ArrayList<Map<String, Object>>();
        for (int i = 0; i <= 10_000; i++) {
            many.add(Map.of("topic", "limits", "value", "v"));
        }
        assertStatus(
                produce(bare, Map.of("records", many)),
                413,
                "the request holds 10001 records, more than the 10000 one request may");
        var headers = new ArrayList<Map<String, Object>>();
        for (int i = 0; i <= 100; i++) {
            headers.add(Map.of("key", "h", "value", "v"));
        }
        assertStatus(
                produce(bare, Map.of("topic", "limits", "value", "v", "headers", headers)),
                400,
                "field 'headers' holds 101 headers, more than the 100 a record may have");
        assertStatus(
                produce(
                        bare,
                        Map.of(
                                "topic",
                                "limits",
                                "value",
                                "v",
                                "headers",
                                List.of(Map.of("key", "é".repeat(513), "value", "v")))),
                400,
                "field 'headers[0].key' is 1026 bytes long, more than the 1024");
        assertThat(fetch(bare, "limits", 0).statusCode()).isEqualTo(404);
    }

    @Test
    void aRequestLargerThanAllOfStorageGets507AndStoresNothing() throws Exception {
        String big = "x".repeat(40_000);
        var response =
                produce(
                        bare,
                        Map.of(
                                "records",
                                List.of(
                                        Map.of("topic", "full", "value", big),
                                        Map.of("topic", "full-2", "value", big))));

        assertStatus(response, 507, "storage full: the request's 2 records need about");
        assertThat(fetch(bare, "full", 0).statusCode()).isEqualTo(404);
        assertThat(fetch(bare, "full-2", 0).statusCode()).isEqualTo(404);
    }

    @Test
    void routedAndTransformedRecordsAreStoredWhereThePluginsSentThem() throws Exception {
        var router = SluiceExamples.require("json-router-rust.wasm");
        var masker = SluiceExamples.require("mask-digits-rust.wasm");
        try (var server =
                SluiceServer.start(
                        TestSettings.withPlugins(
                                List.of(router, masker), StorageSettings.defaults()))) {
            var response =
                    produce(
                            server,
                            Map.of(
                                    "records",
                                    List.of(
                                            Map.of(
                                                    "topic",
                                                    "in",
                                                    "value",
                                                    "{\"type\":\"order\",\"card\":\"1234\"}"),
                                            Map.of(
                                                    "topic",
                                                    "in",
                                                    "value",
                                                    "{\"type\":\"refund\"}"))));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            var results = json(response).get("results");
            assertThat(results.get(0).get("records").toString())
                    .isEqualTo("[{\"topic\":\"orders\",\"partition\":0,\"offset\":0}]");
            assertThat(results.get(1).get("records").get(0).get("topic").asText())
                    .isEqualTo("payments");
            var order = json(fetch(server, "orders", 0)).get("records").get(0);
            assertThat(order.get("value").asText())
                    .isEqualTo("{\"type\":\"order\",\"card\":\"####\"}");
            assertThat(order.get("headers").toString())
                    .contains("{\"key\":\"routed-from\",\"value\":\"in\"}")
                    .contains("{\"key\":\"masked-digits\",\"value\":\"4\"}");
            assertThat(fetch(server, "in", 0).statusCode())
                    .as("nothing stays on the input topic")
                    .isEqualTo(404);

            var dry =
                    post(
                            server,
                            "/produce?dry_run=true",
                            "application/json",
                            "{\"topic\":\"in\",\"value\":\"{\\\"type\\\":\\\"order\\\",\\\"n\\\":\\\"7\\\"}\"}");
            var steps = json(dry).get("steps");
            assertThat(steps).hasSize(2);
            assertThat(
                            steps.get(0)
                                    .get("verdicts")
                                    .get(0)
                                    .get("outputs")
                                    .get(0)
                                    .get("topic")
                                    .asText())
                    .isEqualTo("orders");
            assertThat(steps.get(1).get("records").get(0).get("topic").asText())
                    .as("the transform sees the router's output")
                    .isEqualTo("orders");
            assertThat(fetch(server, "orders", 0).body()).doesNotContain("\\\"n\\\"");
        }
    }
}
