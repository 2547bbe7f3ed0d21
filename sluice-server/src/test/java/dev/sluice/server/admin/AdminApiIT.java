package dev.sluice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.SettingsLoader;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management API on a real server over HTTP: the token, every verb, rollback on a broken
 * upload, the size cap, and what survives a restart.
 */
class AdminApiIT {

    private static final Path FILTER = Fixtures.example("blink/content-filter.wasm");
    private static final Path ECHO = Fixtures.testdata("blink-echo.wasm");
    private static final Path BROKEN = Fixtures.testdata("blink-bad-init.wasm");

    @TempDir Path dir;

    private final List<SluiceServer> servers = new ArrayList<>();
    private final LogCapture log = LogCapture.of(AdminToken.class.getName());

    @AfterEach
    void close() {
        servers.forEach(SluiceServer::close);
        log.close();
    }

    private SluiceServer start() throws Exception {
        String settings =
                """
                rest_port: 0
                rest_address: 127.0.0.1
                data_dir: data
                storage: { type: memory }
                state: { type: memory }
                plugin_paths:
                  - %s
                plugin:
                  max_execution_time: 5s
                admin:
                  max_upload: 1MiB
                """
                        .formatted(FILTER.toAbsolutePath());
        var file = Files.writeString(dir.resolve("settings.yaml"), settings);
        var server = SluiceServer.start(SettingsLoader.load(file));
        servers.add(server);
        return server;
    }

    private void stop(SluiceServer server) {
        servers.remove(server);
        server.close();
    }

    private Path tokenFile() {
        return dir.resolve("data").resolve("admin.token");
    }

    private AdminClient client(SluiceServer server) throws Exception {
        return new AdminClient(server.port(), Files.readString(tokenFile()).strip());
    }

    private static int produce(SluiceServer server, int partition, String value) throws Exception {
        String body =
                "{\"topic\":\"t\",\"partition\":%d,\"value\":\"%s\"}".formatted(partition, value);
        var request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/produce"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void theTokenIsMadeOwnerOnlyAndTheLogSaysWhereButNotWhat() throws Exception {
        var logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(AdminToken.class);
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // the test config logs WARN and up
        try {
            start();
        } finally {
            logger.setLevel(null);
        }
        assertThat(Files.getPosixFilePermissions(tokenFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String token = Files.readString(tokenFile()).strip();
        assertThat(token).hasSize(64).matches("[0-9a-f]+");
        assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains(tokenFile().toString()));
        assertThat(log.messages()).noneSatisfy(m -> assertThat(m).contains(token));
    }

    @Test
    void withoutTheRightTokenNothingIsDone() throws Exception {
        var server = start();
        var good = client(server);
        for (var bad : List.of(good.withToken(null), good.withToken("not-the-token-at-all"))) {
            var answer = bad.upload("echo", ECHO);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.body().get("error").asText()).contains("Bearer");
            assertThat(bad.post("/admin/plugins/content-filter/disable").status()).isEqualTo(401);
            assertThat(bad.get("/admin/plugins").status()).isEqualTo(401);
        }
        assertThat(server.engine().plugin("echo")).isEmpty();
        assertThat(good.get("/admin/plugins/content-filter").body().get("enabled").asBoolean())
                .isTrue();
        // The document describing the API is public.
        assertThat(good.withToken(null).get("/admin/openapi.json").status()).isEqualTo(200);
    }

    @Test
    void uploadReplaceRollBackAndCap() throws Exception {
        var server = start();
        var admin = client(server);

        var loaded = admin.upload("echo", ECHO);
        assertThat(loaded.status()).isEqualTo(201);
        assertThat(loaded.body().get("status").asText()).isEqualTo("loaded");
        assertThat(loaded.body().get("plugin").get("source").asText()).isEqualTo("upload");
        var list = admin.get("/admin/plugins").body();
        assertThat(list.get("chain").toString()).isEqualTo("[\"content-filter\",\"echo\"]");
        assertThat(produce(server, 13, "x")).isEqualTo(422); // echo rejects partition 13
        var metrics =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + server.port()
                                                                + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        assertThat(metrics).contains("sluice_plugin_calls_total{plugin=\"echo\"}");

        assertThat(admin.upload("echo", ECHO).body().get("status").asText()).isEqualTo("unchanged");
        String echoSha = list.get("plugins").get(1).get("sha256").asText();

        var broken = admin.upload("echo", BROKEN);
        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.body().get("phase").asText()).isEqualTo("init");
        assertThat(broken.body().get("kept").asText()).isEqualTo(echoSha);
        assertThat(broken.body().get("error").asText()).contains("keeps serving");
        assertThat(produce(server, 13, "x")).isEqualTo(422); // the old version still judges
        var failures = admin.get("/admin/plugins/echo").body().get("failures");
        assertThat(failures.toString()).contains("upload rejected");

        var replaced = admin.upload("echo", FILTER);
        assertThat(replaced.body().get("status").asText()).isEqualTo("replaced");
        assertThat(produce(server, 13, "x")).isEqualTo(200);
        // One version's folder is kept, the superseded one removed.
        try (var versions = Files.list(dir.resolve("data/plugins"))) {
            assertThat(versions.toList()).hasSize(1);
        }

        var garbage = admin.upload("fresh", "not wasm".getBytes());
        assertThat(garbage.status()).isEqualTo(422);
        assertThat(garbage.body().get("phase").asText()).isEqualTo("validate");
        assertThat(garbage.body().get("kept").isNull()).isTrue();
        assertThat(server.engine().plugin("fresh")).isEmpty();

        var tooBig = admin.upload("big", new byte[1024 * 1024 + 1]);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.body().get("error").asText()).contains("admin.max_upload");
        assertThat(admin.upload("bad/name", ECHO).status()).isIn(400, 404);
    }

    @Test
    void everyVerbActsAndItsEffectSurvivesARestart() throws Exception {
        var server = start();
        var admin = client(server);
        assertThat(admin.upload("echo", ECHO).status()).isEqualTo(201);

        assertThat(
                        admin.post("/admin/plugins/content-filter/disable")
                                .body()
                                .get("status")
                                .asText())
                .isEqualTo("DISABLED");
        assertThat(produce(server, 0, "my password")).isEqualTo(200);
        assertThat(
                        admin.putJson("/admin/chain", "{\"order\":[\"echo\",\"content-filter\"]}")
                                .status())
                .isEqualTo(200);
        assertThat(admin.putJson("/admin/chain", "{\"order\":[\"echo\"]}").status()).isEqualTo(400);
        var detail = admin.putJson("/admin/plugins/echo/config", "{\"greeting\":\"hi\"}").body();
        assertThat(detail.get("config").get("greeting").asText()).isEqualTo("hi");
        detail =
                admin.putJson(
                                "/admin/plugins/echo/permissions",
                                "{\"state\":true,\"events\":{\"publish\":[\"audit\"]}}")
                        .body();
        assertThat(detail.get("permissions").get("state").asBoolean()).isTrue();
        assertThat(
                        admin.putJson(
                                        "/admin/plugins/echo/permissions",
                                        "{\"http\":{\"allow\":[\"no port\"]}}")
                                .status())
                .isEqualTo(400);
        produce(server, 0, "logged value");
        detail = admin.get("/admin/plugins/echo").body();
        assertThat(detail.get("logs").toString()).contains("logged value");
        assertThat(detail.get("limits").get("on_error").asText()).isEqualTo("reject");
        assertThat(admin.get("/admin/plugins/nobody").status()).isEqualTo(404);
        assertThat(admin.get("/admin/history").body().get("interval_ms").asLong()).isEqualTo(5000);

        stop(server);
        server = start();
        admin = client(server);
        var list = admin.get("/admin/plugins").body();
        assertThat(list.get("chain").toString()).isEqualTo("[\"echo\",\"content-filter\"]");
        assertThat(list.get("plugins").get(1).get("status").asText()).isEqualTo("DISABLED");
        assertThat(list.get("plugins").get(0).get("source").asText()).isEqualTo("upload");
        detail = admin.get("/admin/plugins/echo").body();
        assertThat(detail.get("config").get("greeting").asText()).isEqualTo("hi");
        assertThat(detail.get("permissions").get("events").get("publish").toString())
                .isEqualTo("[\"audit\"]");
        assertThat(server.engine().plugin("echo").orElseThrow().settings().permissions().state())
                .isTrue();

        assertThat(admin.delete("/admin/plugins/content-filter").body().get("deleted").asText())
                .isEqualTo("content-filter");
        assertThat(admin.post("/admin/plugins/echo/reload").status()).isEqualTo(200);
        stop(server);
        server = start();
        assertThat(server.engine().plugins()).extracting(p -> p.name()).containsExactly("echo");
    }

    @Test
    void everyDocumentedRouteIsServed() throws Exception {
        var server = start();
        var admin = client(server);
        var http = HttpClient.newHttpClient();
        String token = Files.readString(tokenFile()).strip();
        for (String route : OpenApiDocumentTest.documented(AdminApi.openApiDocument())) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replace("{name}", "nobody");
            var request =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                            .header("Authorization", "Bearer " + token)
                            .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                            .build();
            var answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(route).isNotEqualTo(405);
            assertThat(answer.body()).as(route).doesNotContain("no such endpoint");
        }
        assertThat(admin.get("/admin/nothing-here").status()).isEqualTo(404);
    }
}
