package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OurChat's {@code http_request} through the engine, with a fixture (testdata/ourchat-http.wat)
 * that sends its message as the request JSON and carries back the answer: the response JSON, or the
 * error code and {@code http_last_error}'s text.
 */
class OurChatHttpRequestTest {

    private final EngineHarness engine = new EngineHarness();
    private final Sluice sluice = engine.sluice();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private int port;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext(
                "/",
                exchange -> {
                    try (exchange) {
                        requests.incrementAndGet();
                        if (exchange.getRequestURI().getPath().equals("/slow")) {
                            try {
                                release.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        byte[] body =
                                ("hello "
                                                + exchange.getRequestHeaders().getFirst("X-Who")
                                                + " \"quoted\"")
                                        .getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().add("X-Served", "yes");
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                    }
                });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        engine.close();
        server.stop(0);
    }

    private void load(Permissions permissions) {
        load(permissions, Duration.ofSeconds(5));
    }

    private void load(Permissions permissions, Duration limit) {
        engine.loadEnabled(
                Fixtures.testdata("ourchat-http.wasm"),
                // The call's deadline covers its requests: 100 ms (the default) is tight on a
                // loaded machine for a first request.
                PluginSettings.builder()
                        .withPermissions(permissions)
                        .withMaxExecutionTime(limit)
                        .build());
    }

    private Record answer(String requestJson) {
        var decision = sluice.process(Record.of("lobby", 0, null, requestJson));
        assertThat(decision).isInstanceOf(Decision.Replace.class);
        return ((Decision.Replace) decision).records().get(0);
    }

    private static String code(Record record) {
        return record.headers().stream()
                .filter(h -> h.key().equals("http-code"))
                .map(h -> h.value().text())
                .findFirst()
                .orElse(null);
    }

    @Test
    void aGrantedRequestAnswersTheResponseAsJson() {
        load(Permissions.none().withHttpAllow(List.of("127.0.0.1:" + port)));

        var out =
                answer(
                        "{\"url\": \"http://127.0.0.1:"
                                + port
                                + "/who\", \"headers\": [[\"X-Who\", \"alice\"]]}");

        assertThat(code(out)).isNull();
        assertThat(out.valueText())
                .startsWith("{\"status\":200,\"headers\":[")
                .contains("[\"X-served\",\"yes\"]")
                .endsWith("\"body\":\"hello alice \\\"quoted\\\"\"}");
    }

    @Test
    void withoutTheGrantTheCodeIsRefusedAndTheErrorSaysWhichSetting() {
        load(Permissions.none());

        var out = answer("{\"url\": \"http://127.0.0.1:" + port + "/\"}");

        assertThat(code(out)).isEqualTo("2");
        assertThat(out.valueText())
                .isEqualTo(
                        "permission 'http' is not granted to plugin ourchat-http (settings:"
                                + " plugins.ourchat-http.permissions)");
        assertThat(requests).hasValue(0);
    }

    @Test
    void aMalformedRequestIsInvalidAndSaysWhere() {
        load(Permissions.none().withHttpAllow(List.of("127.0.0.1:" + port)));

        var broken = answer("{\"url\": ");
        var unknown = answer("{\"url\": \"http://127.0.0.1:" + port + "/\", \"verb\": \"GET\"}");

        assertThat(code(broken)).isEqualTo("1");
        assertThat(broken.valueText()).isEqualTo("http_request: a value is missing at character 8");
        assertThat(code(unknown)).isEqualTo("1");
        assertThat(unknown.valueText()).contains("unknown field \"verb\"");
        assertThat(requests).hasValue(0);
    }

    @Test
    void aRequestPastTheCallsDeadlineFailsTheCallAsATimeoutAndTheNextCallWorks() {
        load(Permissions.none().withHttpAllow(List.of("127.0.0.1:" + port)), Duration.ofSeconds(1));
        answer("{\"url\": \"http://127.0.0.1:" + port + "/warm-up\"}");

        var decision =
                sluice.process(
                        Record.of(
                                "lobby",
                                0,
                                null,
                                "{\"url\": \"http://127.0.0.1:" + port + "/slow\"}"));

        assertThat(decision)
                .isEqualTo(
                        new Decision.Reject(
                                "ourchat-http",
                                "plugin failed: exceeded its time limit of 1000 ms and was stopped"));
        assertThat(sluice.plugin("ourchat-http").orElseThrow().failures()).isEqualTo(1);
        release.countDown();
        var after = answer("{\"url\": \"http://127.0.0.1:" + port + "/again\"}");
        assertThat(after.valueText()).startsWith("{\"status\":200,");
    }
}
