package dev.sluice.server.kafka.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.log.TopicPartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topic list Kafka clients see, kept across restarts under data_dir. */
class TopicCatalogTest {

    @TempDir Path dir;

    @Test
    void topicsKeepTheirPartitionsAndIdsAcrossARestart() {
        var file = dir.resolve("kafka/topics.properties");
        var catalog = TopicCatalog.open(file);
        var created = catalog.create("orders", 3).orElseThrow();
        catalog.ensure("routed", 2);
        catalog.create("gone", 1);
        catalog.delete("gone");

        var reopened = TopicCatalog.open(file);

        assertThat(reopened.get("orders")).contains(created);
        assertThat(reopened.get(created.id())).contains(created);
        assertThat(reopened.get("routed").orElseThrow().partitions()).isEqualTo(2);
        assertThat(reopened.get("gone")).isEmpty();
        assertThat(reopened.create("orders", 1)).as("exists already").isEmpty();
    }

    @Test
    void partitionsTheLogHoldsBecomeTopicsAndEnsureOnlyGrows() {
        var catalog = TopicCatalog.inMemory();
        catalog.seed(List.of(new TopicPartition("http", 0), new TopicPartition("http", 4)));
        assertThat(catalog.get("http").orElseThrow().partitions()).isEqualTo(5);

        catalog.ensure("http", 2);

        assertThat(catalog.get("http").orElseThrow().partitions()).isEqualTo(5);
    }

    @Test
    void aDamagedEntryIsReportedWithTheFileAndTopic() throws Exception {
        var file = Files.writeString(dir.resolve("topics.properties"), "orders=not-an-id\n");
        assertThatThrownBy(() -> TopicCatalog.open(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'orders'");
    }
}
