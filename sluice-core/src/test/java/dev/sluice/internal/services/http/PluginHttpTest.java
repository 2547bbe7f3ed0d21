package dev.sluice.internal.services.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.component.engine.WasmInterrupted;
import dev.sluice.internal.runtime.Watchdog;
import dev.sluice.internal.services.Denials;
import dev.sluice.internal.services.Permission;
import dev.sluice.internal.services.ServiceMetrics;
import dev.sluice.plugin.HttpClientLimits;
import dev.sluice.plugin.Permissions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PluginHttpTest {

    private final ServiceMetrics metrics = new ServiceMetrics("enricher");
    private final Denials denials = new Denials("enricher", metrics);
    private final List<String> hostHeaders = new CopyOnWriteArrayList<>();
    private volatile Permissions grant = Permissions.none();
    private HttpServer server;

    /** Resolves every name to 127.0.0.1: the test's stand-in for a DNS answer it controls. */
    private static final Resolver TO_LOOPBACK =
            host -> {
                if (host.endsWith(".example.com")) {
                    return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
                }
                throw new UnknownHostException(host);
            };

    private final PluginHttp http =
            new PluginHttp("enricher", () -> grant, denials, metrics, TO_LOOPBACK);

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private int serve(LocalServers.Handler handler) {
        server =
                LocalServers.http(
                        exchange -> {
                            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
                            handler.handle(exchange);
                        });
        return server.getAddress().getPort();
    }

    /** A server that answers only once {@code release} opens (or after 10 s). */
    private int serveAfter(CountDownLatch release) {
        return serve(
                exchange -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    LocalServers.answer(exchange, 200, "late");
                });
    }

    private static PluginRequest get(String url) {
        return new PluginRequest("GET", url, List.of(), new byte[0]);
    }

    private static PluginResponse ok(HttpResult result) {
        assertThat(result).isInstanceOf(HttpResult.Ok.class);
        return ((HttpResult.Ok) result).response();
    }

    private static String err(HttpResult result) {
        assertThat(result).isInstanceOf(HttpResult.Err.class);
        return ((HttpResult.Err) result).message();
    }

    @Test
    void aListedHostIsAnsweredAndCounted() {
        int port =
                serve(
                        exchange -> {
                            exchange.getResponseHeaders().add("X-Answer", "yes");
                            LocalServers.answer(exchange, 200, "gold:" + exchange.getRequestURI());
                        });
        grant = Permissions.none().withHttpAllow(List.of("127.0.0.1:" + port));

        var response = ok(http.send(get("http://127.0.0.1:" + port + "/customers/c%2042?x=1")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo("gold:/customers/c%2042?x=1");
        assertThat(response.headers()).contains(new HttpHeader("X-answer", "yes"));
        assertThat(
                        metrics.total(
                                Permission.HTTP,
                                "requests",
                                Map.of("status", "200", "class", "2xx")))
                .isEqualTo(1);
        assertThat(metrics.total(Permission.HTTP, "received_bytes", Map.of())).isPositive();
    }

    @Test
    void aChunkedBodyAndAPostBodyArriveWhole() {
        int port =
                serve(
                        exchange -> {
                            byte[] sent = exchange.getRequestBody().readAllBytes();
                            exchange.sendResponseHeaders(201, 0); // 0: chunked
                            for (int i = 0; i < 3; i++) {
                                exchange.getResponseBody().write(sent);
                                exchange.getResponseBody().flush();
                            }
                        });
        grant = Permissions.none().withHttpAllow(List.of("127.0.0.1:" + port));

        var response =
                ok(
                        http.send(
                                new PluginRequest(
                                        "POST",
                                        "http://127.0.0.1:" + port + "/",
                                        List.of(new HttpHeader("Content-Type", "text/plain")),
                                        "abc".getBytes(StandardCharsets.UTF_8))));

        assertThat(response.status()).isEqualTo(201);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("abcabcabc");
    }

    @Test
    void withoutTheHttpPermissionTheCallIsRefusedWithTheWitError() throws Exception {
        try (var counter = new LocalServers.Counter()) {
            String message = err(http.send(get("http://127.0.0.1:" + counter.port() + "/")));

            assertThat(message)
                    .isEqualTo(
                            "permission 'http' is not granted to plugin enricher (settings:"
                                    + " plugins.enricher.permissions)");
            assertThat(counter.connectionsSoFar()).isZero();
            assertThat(denials.count(Permission.HTTP)).isEqualTo(1);
        }
    }

    @Test
    void aHostNotListedIsRefusedWithoutAConnection() throws Exception {
        try (var counter = new LocalServers.Counter()) {
            grant = Permissions.none().withHttpAllow(List.of("127.0.0.1:" + (counter.port() + 1)));

            String message = err(http.send(get("http://127.0.0.1:" + counter.port() + "/x")));
            String byName = err(http.send(get("http://api.example.com:" + counter.port() + "/x")));

            assertThat(message)
                    .isEqualTo(
                            "http to 127.0.0.1:"
                                    + counter.port()
                                    + " is not allowed for plugin enricher: add it to"
                                    + " plugins.enricher.permissions.http.allow");
            assertThat(byName).startsWith("http to api.example.com:" + counter.port() + " is not");
            assertThat(counter.connectionsSoFar()).isZero();
            assertThat(denials.count(Permission.HTTP)).isEqualTo(2);
        }
    }

    @Test
    void aListedNameThatResolvesToAnInternalAddressIsRefusedWithoutAConnection() throws Exception {
        try (var counter = new LocalServers.Counter()) {
            grant = Permissions.none().withHttpAllow(List.of("*.example.com:" + counter.port()));

            String message =
                    err(http.send(get("http://rebind.example.com:" + counter.port() + "/")));

            assertThat(message)
                    .startsWith("rebind.example.com resolved to [127.0.0.1], internal addresses")
                    .contains("plugins.enricher.permissions.http.allow lists the address itself")
                    .contains("127.0.0.1:" + counter.port());
            assertThat(counter.connectionsSoFar()).isZero();
        }
    }

    @Test
    void aNameReachesAnInternalAddressTheListNamesAndKeepsItsNameAsHost() {
        int port = serve(exchange -> LocalServers.answer(exchange, 200, "ok"));
        grant =
                Permissions.none()
                        .withHttpAllow(List.of("lookup.example.com:" + port, "127.0.0.1:" + port));

        ok(http.send(get("http://lookup.example.com:" + port + "/")));

        assertThat(hostHeaders).containsExactly("lookup.example.com:" + port);
    }

    @Test
    void redirectsAreFollowedAndEachHopIsChecked() throws Exception {
        try (var counter = new LocalServers.Counter()) {
            int port =
                    serve(
                            exchange -> {
                                String path = exchange.getRequestURI().getPath();
                                if (path.equals("/away")) {
                                    exchange.getResponseHeaders()
                                            .add(
                                                    "Location",
                                                    "http://127.0.0.1:" + counter.port() + "/");
                                    LocalServers.answer(exchange, 302, "");
                                } else if (path.equals("/loop")) {
                                    exchange.getResponseHeaders().add("Location", "/loop");
                                    LocalServers.answer(exchange, 307, "");
                                } else if (path.equals("/moved")) {
                                    exchange.getResponseHeaders().add("Location", "/here");
                                    LocalServers.answer(exchange, 301, "");
                                } else {
                                    LocalServers.answer(exchange, 200, "at " + path);
                                }
                            });
            grant = Permissions.none().withHttpAllow(List.of("127.0.0.1:" + port));
            String base = "http://127.0.0.1:" + port;

            var moved = ok(http.send(get(base + "/moved")));
            String away = err(http.send(get(base + "/away")));
            String loop = err(http.send(get(base + "/loop")));

            assertThat(new String(moved.body(), StandardCharsets.UTF_8)).isEqualTo("at /here");
            assertThat(away)
                    .startsWith("http to 127.0.0.1:" + counter.port() + " (a redirect from " + base)
                    .endsWith("add it to plugins.enricher.permissions.http.allow");
            assertThat(counter.connectionsSoFar()).isZero();
            assertThat(loop).startsWith("more than 5 redirects (http_client.max_redirects)");
        }
    }

    @Test
    void sizeAndShapeLimitsAreErrorsNamingTheirSetting() {
        int port = serve(exchange -> LocalServers.answer(exchange, 200, "x".repeat(2000)));
        grant = Permissions.none().withHttpAllow(List.of("127.0.0.1:" + port));
        http.limit(new HttpClientLimits(100, 1000, 4, 256, 5, Duration.ofSeconds(10)));
        String url = "http://127.0.0.1:" + port + "/";

        assertThat(err(http.send(get(url))))
                .isEqualTo(
                        "127.0.0.1:"
                                + port
                                + " answered with a body of more than 1000 bytes"
                                + " (http_client.max_response_bytes); it was dropped");
        assertThat(err(http.send(new PluginRequest("POST", url, List.of(), new byte[101]))))
                .contains("more than http_client.max_request_bytes (100); nothing was sent");
        assertThat(
                        err(
                                http.send(
                                        new PluginRequest(
                                                "GET",
                                                url,
                                                List.of(new HttpHeader("X-Big", "v".repeat(300))),
                                                new byte[0]))))
                .contains("http_client.max_header_bytes (256)");
        assertThat(err(http.send(new PluginRequest("CONNECT", url, List.of(), new byte[0]))))
                .startsWith("the method 'CONNECT' is not allowed; use one of GET, HEAD, POST");
        assertThat(
                        err(
                                http.send(
                                        new PluginRequest(
                                                "GET",
                                                url,
                                                List.of(new HttpHeader("Content-Length", "0")),
                                                new byte[0]))))
                .isEqualTo(
                        "the header Content-Length is set by the host; leave it out of the request");
        assertThat(err(http.send(get("ftp://127.0.0.1:" + port + "/"))))
                .contains("not an absolute http:// or https:// URL");
        assertThat(hostHeaders).hasSize(1); // only the first request was sent
    }

    @Test
    void aRequestThatOutlivesTheCallsDeadlineEndsTheCallAsATimeout() throws Exception {
        var release = new CountDownLatch(1);
        int port = serveAfter(release);
        grant = Permissions.none().withHttpAllow(List.of("127.0.0.1:" + port));
        var timer = Watchdog.timer();
        timer.arm(Duration.ofMillis(300).toNanos());
        try {
            assertThatThrownBy(() -> http.send(get("http://127.0.0.1:" + port + "/slow")))
                    .isInstanceOf(WasmInterrupted.class)
                    .hasMessage("stopped in http.send: the call's time is up");
        } finally {
            timer.disarm();
            release.countDown();
        }
        assertThat(metrics.total(Permission.HTTP, "errors", Map.of("reason", "deadline")))
                .isEqualTo(1);
    }

    @Test
    void httpClientTimeoutBeforeTheDeadlineIsAnError() throws Exception {
        var release = new CountDownLatch(1);
        int port = serveAfter(release);
        grant = Permissions.none().withHttpAllow(List.of("127.0.0.1:" + port));
        http.limit(new HttpClientLimits(100, 1000, 4, 256, 5, Duration.ofMillis(200)));
        try {
            assertThat(err(http.send(get("http://127.0.0.1:" + port + "/"))))
                    .isEqualTo(
                            "the request took longer than http_client.timeout (200 ms) and was"
                                    + " abandoned");
            assertThat(metrics.total(Permission.HTTP, "errors", Map.of("reason", "timeout")))
                    .isEqualTo(1);
        } finally {
            release.countDown();
        }
    }
}
