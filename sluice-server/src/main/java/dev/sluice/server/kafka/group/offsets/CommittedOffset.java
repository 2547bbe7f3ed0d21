package dev.sluice.server.kafka.group.offsets;

/**
 * What a group committed for one partition.
 *
 * @param offset the next offset the group will read
 * @param leaderEpoch the leader epoch the client saw at that offset, or -1
 * @param metadata the client's free text (null when it sent none)
 * @param commitTimestamp when the commit was made (ms since the epoch)
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp) {

    /**
     * What removes a partition's committed offset when stored (its topic was deleted): a negative
     * offset, which OffsetFetch answers as -1 either way, as for a partition never committed.
     */
    public static CommittedOffset removal(long at) {
        return new CommittedOffset(-1, -1, null, at);
    }

    /** True for {@link #removal}: the partition has no committed offset from here on. */
    public boolean removes() {
        return offset < 0;
    }
}
