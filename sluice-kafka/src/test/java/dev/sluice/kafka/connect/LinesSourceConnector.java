package dev.sluice.kafka.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * A source connector for the tests (Connect's own file connector is not on Maven Central here):
 * each line of {@code file} once, as a STRING value keyed {@code line-<n>} with an INT32 header
 * {@code line}, to {@code topic}.
 */
public final class LinesSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return LinesTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define("file", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "lines to send")
                .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "where to");
    }

    @Override
    public String version() {
        return "test";
    }

    /** Sends every line on its first poll, then nothing. */
    public static final class LinesTask extends SourceTask {

        private String file;
        private String topic;
        private boolean sent;

        @Override
        public void start(Map<String, String> props) {
            file = props.get("file");
            topic = props.get("topic");
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            if (sent) {
                Thread.sleep(200);
                return null;
            }
            sent = true;
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<SourceRecord> records = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                records.add(
                        new SourceRecord(
                                Map.of("file", file),
                                Map.of("line", i),
                                topic,
                                null,
                                Schema.STRING_SCHEMA,
                                "line-" + i,
                                Schema.STRING_SCHEMA,
                                lines.get(i),
                                null,
                                new ConnectHeaders().addInt("line", i)));
            }
            return records;
        }

        @Override
        public void stop() {}

        @Override
        public String version() {
            return "test";
        }
    }
}
