package dev.sluice.server.cli.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.catalog.Pins;
import dev.sluice.server.cli.SluiceCommand;
import dev.sluice.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk-through of docs/catalog.md, as a newcomer types it: keygen, publish, search, install.
 */
class CatalogCommandTest {

    private static final Path COUNTER = Fixtures.example("sluice/audit-counter.wasm");
    private static final Path GREETER = Fixtures.example("ourchat/greeter.wasm");

    @TempDir Path dir;
    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        var cli = SluiceCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void keygenPublishSearchShowAndInstall() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        assertThat(run("catalog", "keygen", "--out", keys.toString())).isZero();
        assertThat(Files.getPosixFilePermissions(keys.resolve("publisher.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(keys.resolve("publisher.pub")))
                .startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(run("catalog", "keygen", "--out", keys.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("exists already");

        String catalog = dir.resolve("catalog").toString();
        String key = keys.resolve("publisher.key").toString();
        String pub = keys.resolve("publisher.pub").toString();
        assertThat(
                        run(
                                "catalog",
                                "publish",
                                COUNTER.toString(),
                                "--catalog",
                                catalog,
                                "--key",
                                key,
                                "--version",
                                "1.2.0",
                                "--description",
                                "counts audit events"))
                .isZero();
        assertThat(out.toString())
                .contains("published audit-counter@1.2.0")
                .contains("asks for:  state");
        assertThat(
                        run(
                                "catalog",
                                "publish",
                                GREETER.toString(),
                                "--catalog",
                                catalog,
                                "--key",
                                key))
                .isZero();

        assertThat(run("catalog", "search", "--catalog", catalog, "--trust", pub)).isZero();
        assertThat(out.toString())
                .containsPattern(
                        "audit-counter\\s+1\\.2\\.0\\s+sluice:plugin@0\\.1\\.0\\s+valid\\s+state")
                .containsPattern("greeter\\s+0\\.1\\.0\\s+ourchat\\s+valid\\s+events");
        assertThat(run("catalog", "search", "audit", "--catalog", catalog)).isZero();
        assertThat(out.toString()).contains("untrusted").doesNotContain("greeter");
        assertThat(
                        run(
                                "catalog",
                                "show",
                                "audit-counter@1.2.0",
                                "--catalog",
                                catalog,
                                "--trust",
                                pub,
                                "--json"))
                .isZero();
        assertThat(out.toString())
                .contains("\"signature\" : \"valid\"")
                .contains("\"world\" : \"sluice:plugin/plugin@0.1.0\"");

        Path plugins = dir.resolve("plugins");
        String[] install = {
            "plugin", "install", "audit-counter", "--catalog", catalog, "--dir", plugins.toString()
        };
        assertThat(run(install)).isEqualTo(1);
        assertThat(err.toString()).contains("refused (trust)");
        assertThat(run(append(install, "--trust", pub))).isEqualTo(1);
        assertThat(err.toString()).contains("refused (permissions)").contains("--grant state");
        assertThat(plugins.resolve("audit-counter.wasm")).doesNotExist();

        assertThat(run(append(install, "--trust", pub, "--grant", "state"))).isZero();
        assertThat(out.toString())
                .contains("audit-counter@1.2.0 asks for: state")
                .contains("audit-counter@1.2.0 installed")
                .contains("plugins.audit-counter.permissions");
        assertThat(Files.readAllBytes(plugins.resolve("audit-counter.wasm")))
                .isEqualTo(Files.readAllBytes(COUNTER));
        assertThat(
                        Pins.read(plugins.resolve(Pins.LOCK_FILE))
                                .installed("audit-counter")
                                .orElseThrow()
                                .version())
                .isEqualTo("1.2.0");
    }

    @Test
    void aSettingsFileNamesTheCatalogTheKeysAndTheGrant() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        run("catalog", "keygen", "--out", keys.resolve("me").toString());
        String catalog = dir.resolve("catalog").toString();
        run(
                "catalog",
                "publish",
                COUNTER.toString(),
                "--catalog",
                catalog,
                "--key",
                keys.resolve("me.key").toString());
        Files.createDirectories(dir.resolve("plugins")); // the settings loader wants it to exist
        Path settings =
                Files.writeString(
                        dir.resolve("settings.yaml"),
                        """
                        plugin:
                          directory: plugins
                        plugins:
                          audit-counter:
                            permissions: { state: true }
                        catalog:
                          url: catalog
                          trusted_keys: [keys/me.pub]
                        """);
        assertThat(run("plugin", "install", "audit-counter", "-s", settings.toString())).isZero();
        assertThat(out.toString()).contains("installed").doesNotContain("add under plugins");
        assertThat(dir.resolve("plugins/audit-counter.wasm")).exists();
    }

    private static String[] append(String[] base, String... more) {
        var all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
