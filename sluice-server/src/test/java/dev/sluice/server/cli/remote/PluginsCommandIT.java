package dev.sluice.server.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceServer;
import dev.sluice.server.cli.SluiceCommand;
import dev.sluice.server.config.SettingsLoader;
import dev.sluice.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice plugins …} against a real server: tables, JSON, and the errors people meet. */
class PluginsCommandIT {

    @TempDir Path dir;
    private SluiceServer server;
    private Path token;

    /** What one command printed and returned. */
    record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
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
                        plugin: { max_execution_time: 5s }
                        """
                                .formatted(
                                        Fixtures.example("blink/content-filter.wasm")
                                                .toAbsolutePath()));
        server = SluiceServer.start(SettingsLoader.load(settings));
        token = dir.resolve("data/admin.token");
    }

    @AfterEach
    void stop() {
        server.close();
        PluginsCommand.environment = System::getenv;
    }

    private Run run(String... args) {
        var all = new ArrayList<>(List.of(args));
        if (!all.contains("--server")) {
            all.addAll(List.of("--server", "http://127.0.0.1:" + server.port()));
        }
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = SluiceCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void listUploadShowEnableDisableReloadDelete() {
        String tf = token.toString();
        var list = run("plugins", "list", "--token-file", tf);
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow())
                .startsWith("NAME")
                .contains("STATUS", "BREAKER", "P99 MS");
        assertThat(list.out()).contains("content-filter").contains("ENABLED");

        var upload =
                run(
                        "plugins",
                        "upload",
                        Fixtures.testdata("blink-echo.wasm").toString(),
                        "--token-file",
                        tf);
        assertThat(upload.exit()).as(upload.err()).isZero();
        assertThat(upload.out()).startsWith("plugin blink-echo loaded (sha256 ");
        assertThat(run("plugins", "show", "blink-echo", "--token-file", tf).out())
                .contains("source       upload")
                .contains("on_error reject");
        assertThat(run("plugins", "disable", "blink-echo", "--token-file", tf).out())
                .isEqualTo("plugin blink-echo: DISABLED (breaker CLOSED)\n");
        assertThat(run("plugins", "enable", "blink-echo", "--token-file", tf).out())
                .contains("ENABLED");
        assertThat(run("plugins", "reload", "blink-echo", "--token-file", tf).exit()).isZero();
        var json = run("plugins", "list", "--json", "--token-file", tf);
        assertThat(json.out()).contains("\"chain\"").contains("\"blink-echo\"");
        assertThat(run("plugins", "delete", "blink-echo", "--token-file", tf).out())
                .isEqualTo("plugin blink-echo deleted\n");
        assertThat(server.engine().plugin("blink-echo")).isEmpty();
    }

    @Test
    void theTokenMayComeFromTheEnvironment() throws Exception {
        String secret = Files.readString(token).strip();
        PluginsCommand.environment = Map.of("SLUICE_ADMIN_TOKEN", secret)::get;
        assertThat(run("plugins", "list").exit()).isZero();
    }

    @Test
    void errorsSayWhatIsWrong() throws Exception {
        var wrong = Files.writeString(dir.resolve("wrong.token"), "0123456789abcdef0123");
        var refused = run("plugins", "list", "--token-file", wrong.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("refused the admin token (401)");

        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        var unreachable =
                run(
                        "plugins",
                        "list",
                        "--token-file",
                        token.toString(),
                        "--server",
                        "http://127.0.0.1:" + closed);
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err())
                .contains("cannot reach the Sluice server")
                .contains("running");

        var broken =
                run(
                        "plugins",
                        "upload",
                        Fixtures.testdata("blink-bad-init.wasm").toString(),
                        "--name",
                        "content-filter",
                        "--token-file",
                        token.toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err())
                .contains("rejected (init)")
                .contains("the running version (sha256 ")
                .contains("keeps serving");

        var noToken = run("plugins", "list", "--token-file", dir.resolve("none").toString());
        assertThat(noToken.err()).contains("no admin token").contains("SLUICE_ADMIN_TOKEN");
    }
}
