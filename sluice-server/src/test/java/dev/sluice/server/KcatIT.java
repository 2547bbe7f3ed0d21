package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.sluice.server.config.KafkaSettings;
import dev.sluice.server.config.StorageSettings;
import dev.sluice.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kcat} (Debian's package; .ci/run installs it) produces to and consumes from the server's
 * Kafka port with the Blink content filter loaded. Skipped, saying so, where kcat is missing.
 */
class KcatIT {

    @TempDir static Path dataDir;

    private static SluiceServer server;
    private static String broker;

    @BeforeAll
    static void start() {
        assumeThat(kcatInstalled())
                .as("kcat is not installed (apt-get install kcat; .ci/run does): skipping")
                .isTrue();
        server =
                SluiceServer.start(
                        TestSettings.withPlugins(
                                        List.of(Fixtures.example("blink/content-filter.wasm")),
                                        StorageSettings.disk(dataDir))
                                .withKafka(KafkaSettings.on(0)));
        broker = "127.0.0.1:" + server.kafkaPort().getAsInt();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static boolean kcatInstalled() {
        try {
            var p = new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run kcat(String stdin, String... args) throws Exception {
        var command = new ArrayList<String>(List.of("kcat", "-b", broker));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(dataDir, "kcat", ".err");
        var p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kcat did not finish: " + command);
        }
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    @Test
    void kcatProducesCompressedKeyedRecordsAndConsumesThemBack() throws Exception {
        var produced = kcat("k1:hello\nk2:world\n", "-P", "-t", "kcat-topic", "-K:", "-z", "lz4");
        assertThat(produced.exit()).as(produced.err()).isZero();

        var consumed =
                kcat(
                        "",
                        "-C",
                        "-t",
                        "kcat-topic",
                        "-p",
                        "0",
                        "-o",
                        "beginning",
                        "-e",
                        "-f",
                        "%k=%s@%o\\n");

        assertThat(consumed.exit()).as(consumed.err()).isZero();
        assertThat(consumed.out()).isEqualTo("k1=hello@0\nk2=world@1\n");
    }

    @Test
    void aRecordThePluginRejectsFailsItsDeliveryInKcatAndIsNotStored() throws Exception {
        var produced = kcat("my password is hunter2\n", "-P", "-t", "kcat-rejected", "-p", "0");
        assertThat(produced.err()).contains("Broker failed to validate record");
        assertThat(server.topics().offsets("kcat-rejected", 0).map(o -> o.highWatermark()))
                .isEmpty();

        var listed = kcat("", "-L", "-t", "kcat-rejected");
        assertThat(listed.out()).contains("topic \"kcat-rejected\" with 1 partitions");
    }
}
