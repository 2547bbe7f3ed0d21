package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.SettingsLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchServerTest {

    private static final Plugins PLUGINS = Plugins.locate();

    @Test
    void theSettingsTheBenchmarkWritesRunTheChainItNames(@TempDir Path dir) throws Exception {
        var chain = List.of(PLUGINS.rustFilter(), PLUGINS.cFilter());
        Path settings = dir.resolve("bench.yaml");
        Files.writeString(settings, BenchServer.settingsYaml(0, chain));

        try (var server = SluiceServer.start(SettingsLoader.load(settings))) {
            String plugins = get(server.port(), "/plugins");
            BenchServer.checkChain(chain, plugins, settings, dir.resolve("log"));
            assertThat(server.engine().plugins()).hasSize(2);
            var produce =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + server.port()
                                                                    + "/produce"))
                                            .header("Content-Type", "application/json")
                                            .POST(
                                                    HttpRequest.BodyPublishers.ofString(
                                                            BenchServer.RECORD_JSON))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            // Every request must store its record, or wrk's figures are not the chain's.
            assertThat(produce.statusCode()).isEqualTo(200);
            assertThat(server.engine().plugin("content-filter").orElseThrow().calls()).isEqualTo(1);
        }
    }

    @Test
    void aServerRunningAnotherChainThanExpectedIsAnError() {
        String none = "[]";
        String failed = "[{\"name\":\"content-filter\",\"state\":\"FAILED\"}]";
        var chain = List.of(PLUGINS.rustFilter());
        Path settings = Path.of("http-1-plugins.yaml");
        Path log = Path.of("http-1-plugins.log");

        assertThatThrownBy(() -> BenchServer.checkChain(chain, none, settings, log))
                .hasMessageContaining("runs the chain []")
                .hasMessageContaining("expects [content-filter]")
                .hasMessageContaining("http-1-plugins.yaml")
                .hasMessageContaining("http-1-plugins.log");
        assertThatThrownBy(() -> BenchServer.checkChain(chain, failed, settings, log))
                .hasMessageContaining("content-filter is FAILED");
    }

    @Test
    void theJitsCpuTimeIsReadFromTheCompilerThreads() {
        // This JVM has compiled plenty by now (JUnit, AssertJ, the server above or not).
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux's /proc is needed");
        double jit = BenchServer.compilerCpuSeconds(ProcessHandle.current().pid());
        double all =
                ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() / 1e9;

        assertThat(jit).isPositive().isLessThan(all);
        assertThat(BenchServer.compilerCpuSeconds(Long.MAX_VALUE)).isZero();
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
