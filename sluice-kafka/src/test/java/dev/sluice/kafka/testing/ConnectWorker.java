package dev.sluice.kafka.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectStandalone;

/**
 * A standalone Kafka Connect worker (connect-runtime's {@code ConnectStandalone}) in a JVM of its
 * own, running one connector on a {@link KafkaBroker}. Plugins are found on the class path through
 * their ServiceLoader manifests ({@code plugin.discovery=service_load}), as a packaged plugin would
 * be. Keys and values are strings.
 */
public final class ConnectWorker implements AutoCloseable {

    private final JavaProcess process;

    private ConnectWorker(JavaProcess process) {
        this.process = process;
    }

    public static ConnectWorker startStandalone(
            Path dir, KafkaBroker kafka, Map<String, String> connector) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> worker = new LinkedHashMap<>();
        worker.put("bootstrap.servers", kafka.bootstrapServers());
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("offset.storage.file.filename", dir.resolve("offsets").toString());
        worker.put("offset.flush.interval.ms", "1000");
        worker.put("listeners", "http://127.0.0.1:" + JavaProcess.freePort());
        worker.put("plugin.discovery", "service_load");
        Path workerConfig = dir.resolve("worker.properties");
        Path connectorConfig = dir.resolve("connector.properties");
        KafkaBroker.write(workerConfig, worker);
        KafkaBroker.write(connectorConfig, connector);
        return new ConnectWorker(
                JavaProcess.start(
                        "Connect worker",
                        dir.resolve("connect.log"),
                        "512m",
                        ConnectStandalone.class,
                        workerConfig.toString(),
                        connectorConfig.toString()));
    }

    /** The end of the worker's log, for an assertion's message. */
    public String logTail() {
        return process.isAlive() ? process.logTail() : process.died().getMessage();
    }

    @Override
    public void close() {
        process.close();
    }
}
