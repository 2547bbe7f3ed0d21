package dev.sluice.server.kafka.group;

import dev.sluice.server.config.GroupSettings;
import dev.sluice.server.config.StorageSettings;
import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.group.offsets.OffsetStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The consumer-group side of the Kafka broker: the coordinator, the committed offsets (on disk
 * beside the topics, or in memory with {@code storage.type: memory}) and the nine API handlers the
 * server registers with the listener.
 */
public final class ConsumerGroups implements AutoCloseable {

    private final OffsetStore store;
    private final GroupCoordinator coordinator;
    private final GroupOffsets offsets;

    private ConsumerGroups(OffsetStore store, GroupSettings settings) {
        this.store = store;
        this.coordinator = new GroupCoordinator(settings);
        this.offsets = new GroupOffsets(coordinator, store, settings);
    }

    /**
     * Opens the committed offsets the storage settings call for and starts the coordinator.
     *
     * @throws UncheckedIOException naming the offsets file when it cannot be opened
     */
    public static ConsumerGroups open(GroupSettings settings, StorageSettings storage) {
        try {
            return new ConsumerGroups(OffsetStore.open(storage), settings);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the consumer groups' committed offsets: " + e.getMessage(), e);
        }
    }

    /** The handlers to register: FindCoordinator, JoinGroup … ListGroups. */
    public List<KafkaApi> apis() {
        return List.of(
                new FindCoordinatorApi(),
                new JoinGroupApi(coordinator),
                new SyncGroupApi(coordinator),
                new HeartbeatApi(coordinator),
                new LeaveGroupApi(coordinator),
                new OffsetCommitApi(offsets),
                new OffsetFetchApi(offsets),
                new DescribeGroupsApi(coordinator, offsets),
                new ListGroupsApi(coordinator, offsets));
    }

    /** Stops the timers, then answers the commits still queued and closes the offsets file. */
    @Override
    public void close() {
        coordinator.close();
        store.close();
    }
}
