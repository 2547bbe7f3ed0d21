package dev.sluice.server.kafka.group;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** A classic consumer group's membership; every field is guarded by {@link #lock}. */
final class Group {

    final String id;

    /** This group's own lock: requests of different groups never wait for each other. */
    final ReentrantLock lock = new ReentrantLock();

    GroupState state = GroupState.EMPTY;
    int generation;
    String protocolType;
    String protocolName;
    String leader;

    /** Members in the order they joined (the first is leader when a leader must be chosen). */
    final Map<String, Member> members = new LinkedHashMap<>();

    /**
     * Ids handed out with MEMBER_ID_REQUIRED whose second JoinGroup has not come yet, with the
     * timer that forgets them after their session timeout.
     */
    final Map<String, Timers.Timer> pending = new LinkedHashMap<>();

    Timers.Timer rebalanceTimer;
    Timers.Timer syncTimer;

    Group(String id) {
        this.id = id;
    }

    boolean allJoined() {
        return pending.isEmpty() && members.values().stream().allMatch(m -> m.awaitingJoin != null);
    }
}
