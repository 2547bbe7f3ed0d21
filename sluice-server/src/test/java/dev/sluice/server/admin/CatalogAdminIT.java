package dev.sluice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.catalog.Catalog;
import dev.sluice.server.catalog.CatalogEntry;
import dev.sluice.server.catalog.CatalogFixture;
import dev.sluice.server.catalog.Pins;
import dev.sluice.server.config.SettingsLoader;
import dev.sluice.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog through a running server's management API, against a catalog served over HTTP:
 * browse, install with an explicit grant, upgrade through the hot-reload path, and refusals that
 * leave the running version serving.
 */
class CatalogAdminIT {

    private static final Path FILTER_A = Fixtures.testdata("components/swap-filter-a.wasm");
    private static final Path FILTER_B = Fixtures.testdata("components/swap-filter-b.wasm");
    private static final Path COUNTER = Fixtures.example("sluice/audit-counter.wasm");
    private static final Path BAD_INIT = Fixtures.testdata("blink-bad-init.wasm");

    @TempDir Path dir;
    private CatalogFixture catalog;
    private final List<SluiceServer> servers = new ArrayList<>();

    @BeforeEach
    void publish() throws Exception {
        catalog = new CatalogFixture(dir);
        catalog.publish(FILTER_A, "filter", "1.0.0");
        catalog.publish(COUNTER, "audit-counter", "1.0.0");
    }

    @AfterEach
    void close() {
        servers.forEach(SluiceServer::close);
        catalog.close();
    }

    private AdminClient start(String catalogBlock) throws Exception {
        String settings =
                """
                rest_port: 0
                rest_address: 127.0.0.1
                data_dir: data
                storage: { type: memory }
                state: { type: memory }
                plugin:
                  max_execution_time: 5s
                %s
                """
                        .formatted(catalogBlock);
        var file = Files.writeString(dir.resolve("settings.yaml"), settings);
        var server = SluiceServer.start(SettingsLoader.load(file));
        servers.add(server);
        return new AdminClient(
                server.port(), Files.readString(dir.resolve("data/admin.token")).strip());
    }

    private AdminClient startWithCatalog() throws Exception {
        return start(
                """
                catalog:
                  url: %s
                  trusted_keys: [%s]
                  timeout: 5s
                """
                        .formatted(catalog.serve(), catalog.publicKey));
    }

    private String running(String name) {
        return servers.get(0)
                .engine()
                .plugin(name)
                .flatMap(p -> p.descriptor())
                .map(d -> d.sha256())
                .orElse(null);
    }

    private static JsonNode entry(JsonNode listing, String name, String version) {
        for (JsonNode e : listing.path("entries")) {
            if (e.path("name").asText().equals(name)
                    && e.path("version").asText().equals(version)) {
                return e;
            }
        }
        throw new AssertionError(name + "@" + version + " not listed in " + listing);
    }

    @Test
    void installThenUpgradeThroughTheHotReloadPath() throws Exception {
        var admin = startWithCatalog();
        String a = Catalog.sha256(Files.readAllBytes(FILTER_A));
        String b = Catalog.sha256(Files.readAllBytes(FILTER_B));

        var listing = admin.get("/admin/catalog");
        assertThat(listing.status()).isEqualTo(200);
        var filter = entry(listing.body(), "filter", "1.0.0");
        assertThat(filter.path("signature").asText()).isEqualTo("valid");
        assertThat(filter.path("contract").asText()).isEqualTo("sluice:plugin@0.1.0");
        assertThat(filter.path("installed").isNull()).isTrue();
        assertThat(entry(listing.body(), "audit-counter", "1.0.0").path("permissions"))
                .extracting(JsonNode::asText)
                .containsExactly("state");

        var installed = admin.postJson("/admin/catalog/install", "{\"name\":\"filter\"}");
        assertThat(installed.status()).isEqualTo(200);
        assertThat(installed.body().path("action").asText()).isEqualTo("installed");
        assertThat(installed.body().path("version").asText()).isEqualTo("1.0.0");
        assertThat(running("filter")).isEqualTo(a);

        catalog.publish(FILTER_B, "filter", "1.1.0");
        listing = admin.get("/admin/catalog");
        var newer = entry(listing.body(), "filter", "1.1.0");
        assertThat(newer.path("upgrade").asBoolean()).isTrue();
        assertThat(newer.path("installed").path("version").asText()).isEqualTo("1.0.0");
        assertThat(entry(listing.body(), "filter", "1.0.0").path("upgrade").asBoolean()).isFalse();

        var upgraded = admin.postJson("/admin/catalog/install", "{\"name\":\"filter\"}");
        assertThat(upgraded.status()).isEqualTo(200);
        assertThat(upgraded.body().path("action").asText()).isEqualTo("upgraded");
        assertThat(running("filter")).isEqualTo(b);
        var pins = Pins.read(dir.resolve("data/admin/catalog-pins.json"));
        assertThat(pins.installed("filter").orElseThrow().version()).isEqualTo("1.1.0");

        var again = admin.postJson("/admin/catalog/install", "{\"name\":\"filter\"}");
        assertThat(again.body().path("action").asText()).isEqualTo("unchanged");
        assertThat(
                        entry(admin.get("/admin/catalog").body(), "filter", "1.1.0")
                                .path("upgrade")
                                .asBoolean())
                .isFalse();
    }

    @Test
    void refusalsChangeNothingAndTheRunningVersionKeepsServing() throws Exception {
        var admin = startWithCatalog();
        admin.postJson("/admin/catalog/install", "{\"name\":\"filter\"}");
        String a = Catalog.sha256(Files.readAllBytes(FILTER_A));
        assertThat(running("filter")).isEqualTo(a);

        // A version that fails in its init hook: the hot reload rolls back.
        catalog.publish(BAD_INIT, "filter", "2.0.0");
        var failed = admin.postJson("/admin/catalog/install", "{\"name\":\"filter\"}");
        assertThat(failed.status()).isEqualTo(422);
        assertThat(failed.body().path("kept").asText()).isEqualTo(a);
        assertThat(running("filter")).isEqualTo(a);

        // Re-signed by a key the server does not trust.
        var bad = catalog.index().find("filter", "2.0.0").orElseThrow();
        var resigned = catalog.sign(bad, false);
        catalog.rewrite(index -> index.with(resigned));
        var untrusted = admin.postJson("/admin/catalog/install", "{\"name\":\"filter\"}");
        assertThat(untrusted.status()).isEqualTo(422);
        assertThat(untrusted.body().path("phase").asText()).isEqualTo("trust");
        assertThat(untrusted.body().path("kept").asText()).isEqualTo(a);
        assertThat(
                        entry(admin.get("/admin/catalog").body(), "filter", "2.0.0")
                                .path("signature")
                                .asText())
                .isEqualTo("untrusted");

        // The bytes behind the pinned filter@1.0.0 replaced, the entry re-signed to match.
        var pinned = catalog.index().find("filter", "1.0.0").orElseThrow();
        CatalogEntry swapped =
                catalog.sign(
                        catalog.repoint(pinned, pinned.url(), Files.readAllBytes(FILTER_B)), true);
        catalog.rewrite(index -> index.with(swapped));
        var pin =
                admin.postJson(
                        "/admin/catalog/install", "{\"name\":\"filter\",\"version\":\"1.0.0\"}");
        assertThat(pin.status()).isEqualTo(422);
        assertThat(pin.body().path("phase").asText()).isEqualTo("pin");
        assertThat(running("filter")).isEqualTo(a);

        // Asked-for permissions need an explicit grant.
        var ungranted = admin.postJson("/admin/catalog/install", "{\"name\":\"audit-counter\"}");
        assertThat(ungranted.status()).isEqualTo(403);
        assertThat(ungranted.body().path("phase").asText()).isEqualTo("permissions");
        assertThat(ungranted.body().path("kept").isNull()).isTrue();
        assertThat(running("audit-counter")).isNull();
        var granted =
                admin.postJson(
                        "/admin/catalog/install",
                        "{\"name\":\"audit-counter\",\"grant\":[\"state\"]}");
        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.body().path("granted"))
                .extracting(JsonNode::asText)
                .containsExactly("state");
        assertThat(
                        servers.get(0)
                                .engine()
                                .plugin("audit-counter")
                                .orElseThrow()
                                .settings()
                                .permissions()
                                .state())
                .isTrue();
    }

    @Test
    void theCommandLineInstallsThroughTheServer() throws Exception {
        startWithCatalog();
        var out = new java.io.StringWriter();
        var err = new java.io.StringWriter();
        var cli = dev.sluice.server.cli.SluiceCommand.commandLine();
        cli.setOut(new java.io.PrintWriter(out));
        cli.setErr(new java.io.PrintWriter(err));
        String server = "http://127.0.0.1:" + servers.get(0).port();
        String token = dir.resolve("data/admin.token").toString();
        int refused =
                cli.execute(
                        "plugin",
                        "install",
                        "audit-counter",
                        "--server",
                        server,
                        "--token-file",
                        token);
        assertThat(refused).isEqualTo(1);
        assertThat(err.toString()).contains("refused (permissions)").contains("state");
        assertThat(running("audit-counter")).isNull();
        int code =
                cli.execute(
                        "plugin",
                        "install",
                        "audit-counter",
                        "--grant",
                        "state",
                        "--server",
                        server,
                        "--token-file",
                        token);
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("audit-counter@1.0.0 asks for: state")
                .contains("audit-counter@1.0.0 installed on " + server)
                .contains("granted: state");
        assertThat(running("audit-counter")).isEqualTo(Catalog.sha256(Files.readAllBytes(COUNTER)));
    }

    @Test
    void withoutACatalogTheAnswerSaysWhatToSet() throws Exception {
        var admin = start("");
        var answer = admin.get("/admin/catalog");
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body().path("error").asText()).contains("catalog.url");
        var install = admin.postJson("/admin/catalog/install", "{\"name\":\"filter\"}");
        assertThat(install.status()).isEqualTo(409);
    }

    @Test
    void anUnreadableCatalogIsA503NamingIt() throws Exception {
        var admin = start("catalog:\n  url: " + dir.resolve("nowhere"));
        var answer = admin.get("/admin/catalog");
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body().path("phase").asText()).isEqualTo("index");
        assertThat(answer.body().path("error").asText()).contains("nowhere");
    }
}
