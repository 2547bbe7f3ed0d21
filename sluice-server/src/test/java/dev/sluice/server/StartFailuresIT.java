package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.config.KafkaSettings;
import dev.sluice.server.config.Settings;
import dev.sluice.testing.Fixtures;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails half-way closes what it had opened: threads, the log and the state store of
 * its data_dir, so a corrected start in the same process and directory works.
 */
class StartFailuresIT {

    @TempDir Path dir;

    @Test
    void aTakenRestPortFailsTheStartAndTheSameDataDirServesOnTheNextTry() throws Exception {
        var settings = settings();
        try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> SluiceServer.start(settings.withPort(taken.getLocalPort())))
                    .isInstanceOf(SluiceServer.ServerStartException.class)
                    .hasMessageContaining("is another server using that port? Set rest_port in");
        }

        startsAndServes(settings);
    }

    @Test
    void aTakenKafkaPortFailsTheStartAfterHttpOpenedAndTheNextTryServes() throws Exception {
        var settings = settings();
        try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(
                            () ->
                                    SluiceServer.start(
                                            settings.withKafka(
                                                    KafkaSettings.on(taken.getLocalPort()))))
                    .isInstanceOf(SluiceServer.ServerStartException.class)
                    .hasMessageContaining("Set kafka_port in");
        }

        startsAndServes(settings);
    }

    private Settings settings() {
        return TestSettings.withKafka(List.of(Fixtures.example("blink/content-filter.wasm")), dir);
    }

    /** The data_dir's log lock and state were let go by the failed start, or this would fail. */
    private static void startsAndServes(Settings settings) {
        try (var server = SluiceServer.start(settings)) {
            assertThat(server.port()).isPositive();
            assertThat(server.kafkaPort()).isPresent();
            assertThat(server.engine().plugins()).hasSize(1);
        }
    }
}
