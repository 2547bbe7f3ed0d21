package dev.sluice.server.kafka.group;

import dev.sluice.server.config.GroupSettings;
import dev.sluice.server.kafka.group.offsets.CommittedOffset;
import dev.sluice.server.kafka.group.offsets.OffsetStore;
import dev.sluice.server.kafka.group.offsets.PartitionOffset;
import dev.sluice.server.log.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OffsetCommit and OffsetFetch: a commit is checked against the group's membership (a stale
 * generation is refused), then stored, and answered once the store has it on disk.
 */
public final class GroupOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(GroupOffsets.class);

    private final GroupCoordinator coordinator;
    private final OffsetStore store;
    private final GroupSettings settings;
    private final LongSupplier clock;

    public GroupOffsets(GroupCoordinator coordinator, OffsetStore store, GroupSettings settings) {
        this(coordinator, store, settings, System::currentTimeMillis);
    }

    GroupOffsets(
            GroupCoordinator coordinator,
            OffsetStore store,
            GroupSettings settings,
            LongSupplier clock) {
        this.coordinator = coordinator;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** The group ids with committed offsets (ListGroups shows them, as Empty when memberless). */
    public java.util.Set<String> groupsWithOffsets() {
        return store.groups();
    }

    /** Handles an OffsetCommit (one group; answered per partition). */
    public CompletableFuture<OffsetCommitResponseData> commit(OffsetCommitRequestData request) {
        String group = request.groupId();
        Errors groupError =
                group == null || group.isEmpty()
                        ? Errors.INVALID_GROUP_ID
                        : coordinator.validateCommit(
                                group, request.generationIdOrMemberEpoch(), request.memberId());
        long now = clock.getAsLong();
        var accepted = new ArrayList<PartitionOffset>();
        // Per partition, the error it gets; accepted ones are answered after the store.
        var errors = new LinkedHashMap<TopicPartition, Errors>();
        for (var topic : request.topics()) {
            for (var p : topic.partitions()) {
                var tp = new TopicPartition(topic.name(), p.partitionIndex());
                Errors error = groupError;
                if (error == Errors.NONE && tooLarge(p.committedMetadata())) {
                    error = Errors.OFFSET_METADATA_TOO_LARGE;
                }
                errors.put(tp, error);
                if (error == Errors.NONE) {
                    accepted.add(
                            new PartitionOffset(
                                    tp,
                                    new CommittedOffset(
                                            p.committedOffset(),
                                            p.committedLeaderEpoch(),
                                            p.committedMetadata(),
                                            now)));
                }
            }
        }
        if (accepted.isEmpty()) {
            return CompletableFuture.completedFuture(commitResponse(errors));
        }
        return store.commit(group, accepted)
                .handle(
                        (ok, failure) -> {
                            if (failure != null) {
                                LOG.error(
                                        "group {}: cannot store committed offsets; the client"
                                                + " is told to retry",
                                        group,
                                        failure);
                                for (var o : accepted) {
                                    // Retriable: the consumer commits again.
                                    errors.put(o.partition(), Errors.COORDINATOR_NOT_AVAILABLE);
                                }
                            }
                            return commitResponse(errors);
                        });
    }

    /**
     * Drops every group's committed offsets for a deleted topic, durably (a removal is stored like
     * a commit), so consumers of a topic created again under the name start from their reset policy
     * rather than from offsets of records that no longer exist.
     */
    public CompletableFuture<Void> forget(String topic) {
        long now = clock.getAsLong();
        var stored = new ArrayList<CompletableFuture<Void>>();
        for (String group : store.groups()) {
            var removals =
                    store.offsets(group).keySet().stream()
                            .filter(tp -> tp.topic().equals(topic))
                            .map(tp -> new PartitionOffset(tp, CommittedOffset.removal(now)))
                            .toList();
            if (!removals.isEmpty()) {
                stored.add(store.commit(group, removals));
            }
        }
        return CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new));
    }

    private boolean tooLarge(String metadata) {
        return metadata != null
                && metadata.getBytes(StandardCharsets.UTF_8).length > settings.maxMetadataBytes();
    }

    private static OffsetCommitResponseData commitResponse(Map<TopicPartition, Errors> errors) {
        var topics = new LinkedHashMap<String, OffsetCommitResponseTopic>();
        errors.forEach(
                (tp, error) ->
                        topics.computeIfAbsent(
                                        tp.topic(), t -> new OffsetCommitResponseTopic().setName(t))
                                .partitions()
                                .add(
                                        new OffsetCommitResponsePartition()
                                                .setPartitionIndex(tp.partition())
                                                .setErrorCode(error.code())));
        return new OffsetCommitResponseData().setTopics(new ArrayList<>(topics.values()));
    }

    /**
     * A group's committed offsets, in OffsetFetch v8's shape (older versions are built from it).
     *
     * @param topics the partitions asked for by topic, or null for every partition committed
     */
    public OffsetFetchResponseGroup fetch(String group, Map<String, List<Integer>> topics) {
        var result = new OffsetFetchResponseGroup().setGroupId(group);
        if (group == null || group.isEmpty()) {
            return result.setErrorCode(Errors.INVALID_GROUP_ID.code());
        }
        var committed = store.offsets(group);
        var byTopic = new LinkedHashMap<String, OffsetFetchResponseTopics>();
        if (topics == null) {
            committed.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(TopicPartition.ORDER))
                    .forEach(e -> add(byTopic, e.getKey(), e.getValue()));
        } else {
            topics.forEach(
                    (topic, partitions) -> {
                        byTopic.computeIfAbsent(
                                topic, t -> new OffsetFetchResponseTopics().setName(t));
                        for (int partition : partitions) {
                            var tp = new TopicPartition(topic, partition);
                            add(byTopic, tp, committed.get(tp));
                        }
                    });
        }
        return result.setTopics(new ArrayList<>(byTopic.values()));
    }

    /** One partition's answer; an uncommitted one gets offset -1 and no error, as in Kafka. */
    private static void add(
            Map<String, OffsetFetchResponseTopics> byTopic,
            TopicPartition tp,
            CommittedOffset committed) {
        var partition =
                new OffsetFetchResponsePartitions()
                        .setPartitionIndex(tp.partition())
                        .setErrorCode(Errors.NONE.code());
        if (committed == null) {
            partition.setCommittedOffset(-1).setCommittedLeaderEpoch(-1).setMetadata("");
        } else {
            partition
                    .setCommittedOffset(committed.offset())
                    .setCommittedLeaderEpoch(committed.leaderEpoch())
                    .setMetadata(committed.metadata() == null ? "" : committed.metadata());
        }
        byTopic.computeIfAbsent(tp.topic(), t -> new OffsetFetchResponseTopics().setName(t))
                .partitions()
                .add(partition);
    }
}
