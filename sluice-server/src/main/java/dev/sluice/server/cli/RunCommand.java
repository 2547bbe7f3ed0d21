package dev.sluice.server.cli;

import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.Settings;
import dev.sluice.server.config.SettingsException;
import dev.sluice.server.config.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the server. Without -s, runs the bundled example settings and plugins.")
final class RunCommand implements Callable<Integer> {

    @Option(
            names = {"-s", "--settings"},
            paramLabel = "FILE",
            description = "settings.yaml or sluice.toml")
    Path settings;

    @Option(names = "--port", paramLabel = "PORT", description = "override rest_port")
    Integer port;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            description = "override kafka_port (0: no Kafka listener)")
    Integer kafkaPort;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Path file = settings != null ? settings : bundledSettings();
        if (file == null) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "sluice: no settings given and the bundled examples/settings.yaml was"
                                    + " not found; pass -s FILE (or run through ./sluice, which"
                                    + " sets SLUICE_HOME)");
            return 2;
        }
        Settings loaded;
        try {
            loaded = SettingsLoader.load(file);
        } catch (SettingsException e) {
            spec.commandLine().getErr().println("sluice: " + e.getMessage());
            return 2;
        }
        if (kafkaPort != null) {
            loaded = loaded.withKafka(loaded.kafka().withPort(kafkaPort));
        }
        if (port != null) {
            loaded = loaded.withPort(port);
        }
        SluiceServer server;
        try {
            server = SluiceServer.start(loaded);
        } catch (SluiceServer.PluginRequiredException e) {
            spec.commandLine().getErr().println("sluice: " + e.getMessage());
            return 2;
        } catch (SluiceServer.ServerStartException e) {
            spec.commandLine().getErr().println("sluice: " + e.getMessage());
            return 1;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    stopped.countDown();
                                },
                                "sluice-shutdown"));
        stopped.await();
        return 0;
    }

    /** $SLUICE_HOME/examples/settings.yaml, from the environment or a system property. */
    static Path bundledSettings() {
        String home = System.getProperty("sluice.home", System.getenv("SLUICE_HOME"));
        if (home == null) {
            return null;
        }
        Path path = Path.of(home, "examples", "settings.yaml");
        return Files.isRegularFile(path) ? path : null;
    }
}
