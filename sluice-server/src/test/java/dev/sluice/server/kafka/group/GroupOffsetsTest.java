package dev.sluice.server.kafka.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.config.GroupSettings;
import dev.sluice.server.kafka.group.offsets.MemoryOffsetStore;
import dev.sluice.server.log.TopicPartition;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupOffsetsTest {

    final ManualTimers timers = new ManualTimers();
    final GroupSettings settings =
            new GroupSettings(Duration.ofSeconds(6), Duration.ofMinutes(30), 1000, 8);
    final GroupCoordinator coordinator = new GroupCoordinator(settings, timers);
    final MemoryOffsetStore store = new MemoryOffsetStore();
    final GroupOffsets offsets = new GroupOffsets(coordinator, store, settings, () -> 1234L);

    @AfterEach
    void close() {
        coordinator.close();
    }

    static OffsetCommitRequestData commit(
            String group, int generation, String member, String meta) {
        return new OffsetCommitRequestData()
                .setGroupId(group)
                .setGenerationIdOrMemberEpoch(generation)
                .setMemberId(member)
                .setTopics(
                        List.of(
                                new OffsetCommitRequestTopic()
                                        .setName("t")
                                        .setPartitions(
                                                List.of(
                                                        new OffsetCommitRequestPartition()
                                                                .setPartitionIndex(0)
                                                                .setCommittedOffset(10)
                                                                .setCommittedMetadata(meta),
                                                        new OffsetCommitRequestPartition()
                                                                .setPartitionIndex(1)
                                                                .setCommittedOffset(20)))));
    }

    static List<Short> errors(OffsetCommitResponseData response) {
        return response.topics().get(0).partitions().stream()
                .map(OffsetCommitResponseData.OffsetCommitResponsePartition::errorCode)
                .toList();
    }

    @Test
    void aCommitWithoutAGroupMemberIsStoredWhileTheGroupIsEmpty() {
        var response = offsets.commit(commit("g", -1, "", "ok")).join();

        assertThat(errors(response)).containsOnly(Errors.NONE.code());
        var stored = store.offsets("g");
        assertThat(stored.get(new TopicPartition("t", 0)).offset()).isEqualTo(10);
        assertThat(stored.get(new TopicPartition("t", 0)).commitTimestamp()).isEqualTo(1234L);
        assertThat(offsets.fetch("g", null).topics().get(0).partitions())
                .extracting(p -> p.committedOffset())
                .containsExactly(10L, 20L);
    }

    @Test
    void aStaleGenerationStoresNothing() {
        var response = offsets.commit(commit("g", 4, "gone-member", null)).join();

        assertThat(errors(response)).containsOnly(Errors.ILLEGAL_GENERATION.code());
        assertThat(store.groups()).isEmpty();
    }

    @Test
    void metadataOverTheLimitIsRefusedForItsPartitionOnly() {
        var response = offsets.commit(commit("g", -1, "", "123456789")).join();

        assertThat(errors(response))
                .containsExactly(Errors.OFFSET_METADATA_TOO_LARGE.code(), Errors.NONE.code());
        assertThat(store.offsets("g")).containsOnlyKeys(new TopicPartition("t", 1));
    }

    @Test
    void anEmptyGroupIdIsInvalid() {
        assertThat(errors(offsets.commit(commit("", -1, "", null)).join()))
                .containsOnly(Errors.INVALID_GROUP_ID.code());
        assertThat(offsets.fetch("", null).errorCode()).isEqualTo(Errors.INVALID_GROUP_ID.code());
    }
}
