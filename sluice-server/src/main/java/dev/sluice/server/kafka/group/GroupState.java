package dev.sluice.server.kafka.group;

/** A classic group's state, named as Kafka names it in DescribeGroups and ListGroups. */
enum GroupState {
    /** No members (the group may still have committed offsets). */
    EMPTY("Empty"),
    /** A rebalance started: members are asked to join again. */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** Every member joined; the leader's assignment is awaited. */
    COMPLETING_REBALANCE("CompletingRebalance"),
    /** Members have their assignment. */
    STABLE("Stable"),
    /** Gone; only ever seen by a request that raced its removal. */
    DEAD("Dead");

    final String label;

    GroupState(String label) {
        this.label = label;
    }
}
