package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.server.config.HttpSettings;
import dev.sluice.server.config.KafkaSettings;
import dev.sluice.server.config.StorageSettings;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kcat -G} (librdkafka's balanced consumer, classic protocol) joins a group on Sluice, reads
 * every partition and commits what it read. Skipped, saying so, where kcat is not installed ({@code
 * .ci/run} installs Debian's package).
 */
class KcatGroupIT {

    @TempDir Path dir;

    static boolean kcatInstalled() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (Path.of(d, "kcat").toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void kcatConsumesAsAGroupAndCommits() throws Exception {
        assumeTrue(kcatInstalled(), "kcat is not installed (apt-get install kcat); skipped");
        try (var server =
                SluiceServer.start(
                        TestSettings.withoutPlugins(
                                        StorageSettings.disk(dir.resolve("data")),
                                        HttpSettings.defaults())
                                .withKafka(KafkaSettings.on(0)))) {
            String bootstrap = "127.0.0.1:" + server.kafkaPort().getAsInt();
            ConsumerGroupsIT.createTopic(bootstrap);
            ConsumerGroupsIT.produce(bootstrap, 0, 20);

            // The group starts at committed offset 0 (as an operator resets a group with
            // kafka-consumer-groups --reset-offsets): kcat resumes from the committed offsets.
            try (var admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                var zero = new java.util.HashMap<TopicPartition, OffsetAndMetadata>();
                for (int p = 0; p < ConsumerGroupsIT.PARTITIONS; p++) {
                    zero.put(
                            new TopicPartition(ConsumerGroupsIT.TOPIC, p),
                            new OffsetAndMetadata(0));
                }
                admin.alterConsumerGroupOffsets("kcat-group", zero).all().get();
            }
            Process kcat =
                    new ProcessBuilder(
                                    "kcat",
                                    "-b",
                                    bootstrap,
                                    "-G",
                                    "kcat-group",
                                    ConsumerGroupsIT.TOPIC,
                                    "-e",
                                    "-q",
                                    "-f",
                                    "%s\\n",
                                    "-X",
                                    "auto.offset.reset=earliest")
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("kcat.out").toFile())
                            .start();
            boolean ended = kcat.waitFor(90, TimeUnit.SECONDS);
            kcat.destroyForcibly().waitFor();
            String out = java.nio.file.Files.readString(dir.resolve("kcat.out"));
            assertThat(ended).as("kcat -G -e ended; its output:\n" + out).isTrue();
            for (int i = 0; i < 20; i++) {
                assertThat(out).contains("v" + i + "\n");
            }

            try (var admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                var offsets =
                        admin.listConsumerGroupOffsets("kcat-group")
                                .partitionsToOffsetAndMetadata()
                                .get();
                for (int p = 0; p < ConsumerGroupsIT.PARTITIONS; p++) {
                    assertThat(offsets.get(new TopicPartition(ConsumerGroupsIT.TOPIC, p)).offset())
                            .as("committed offset of partition " + p)
                            .isEqualTo(5);
                }
                assertThat(List.copyOf(admin.listGroups().all().get()))
                        .anySatisfy(g -> assertThat(g.groupId()).isEqualTo("kcat-group"));
            }
        }
    }
}
