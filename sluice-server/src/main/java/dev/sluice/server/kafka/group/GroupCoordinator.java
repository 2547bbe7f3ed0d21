package dev.sluice.server.kafka.group;

import dev.sluice.server.config.GroupSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * The coordinator of classic-protocol consumer groups (Kafka's {@code GroupCoordinator}, one
 * broker): members join, a rebalance waits until every known member joined again or the rebalance
 * timeout passed, the leader's assignment is handed to every member, heartbeats keep members alive
 * and a member that stops sending them is removed after its session timeout.
 *
 * <ol>
 *   <li>Each group has its own lock; there is no lock over all groups.
 *   <li>JoinGroup and SyncGroup answer with a future that completes when the rebalance gets there,
 *       so no request thread waits for other members.
 *   <li>Futures are completed after the group's lock is released, so what the caller chains on them
 *       never runs under it.
 *   <li>Timeouts run on one timer thread ({@link Timers}) and take the group's lock like a request.
 * </ol>
 *
 * <p>This class is the coordinator's face to the API handlers, and answers the short requests
 * (Heartbeat, LeaveGroup, a commit's membership check, listings) itself. The parts: {@link
 * GroupTable} (the groups and their locks), {@link Rebalance} (the state machine), {@link
 * JoinPhase} and {@link SyncPhase} (the two requests a rebalance waits for).
 */
public final class GroupCoordinator implements AutoCloseable {

    private final GroupTable table = new GroupTable();
    private final Timers timers;
    private final Rebalance rebalance;
    private final JoinPhase joins;
    private final SyncPhase syncs;

    /** Coordinates groups with timers on their own thread. */
    public GroupCoordinator(GroupSettings settings) {
        this(settings, Timers.threaded());
    }

    GroupCoordinator(GroupSettings settings, Timers timers) {
        this.timers = timers;
        this.rebalance = new Rebalance(table, timers);
        this.joins = new JoinPhase(settings, timers, table, rebalance);
        this.syncs = new SyncPhase(table, rebalance);
    }

    /**
     * Handles a JoinGroup (see {@link JoinPhase}).
     *
     * @param memberIdRequired true from JoinGroup v4 on: a new member first gets its id with
     *     MEMBER_ID_REQUIRED and joins again with it
     */
    public CompletableFuture<JoinGroupResponseData> join(
            JoinGroupRequestData request, Caller caller, boolean memberIdRequired) {
        return joins.join(request, caller, memberIdRequired);
    }

    /** Handles a SyncGroup: the leader's assignment is stored and handed to every member. */
    public CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData request) {
        return syncs.sync(request);
    }

    /** Handles a Heartbeat: keeps the member alive and tells it when a rebalance started. */
    public Errors heartbeat(HeartbeatRequestData request) {
        return table.inGroup(
                request.groupId(),
                Errors.UNKNOWN_MEMBER_ID,
                (g, after) -> {
                    var m = g.members.get(request.memberId());
                    if (m == null) {
                        return Errors.UNKNOWN_MEMBER_ID;
                    }
                    if (request.generationId() != g.generation) {
                        return Errors.ILLEGAL_GENERATION;
                    }
                    rebalance.touch(g, m);
                    return g.state == GroupState.PREPARING_REBALANCE
                            ? Errors.REBALANCE_IN_PROGRESS
                            : Errors.NONE;
                });
    }

    /** Removes a member that leaves; its partitions go to the others in a rebalance. */
    public Errors leave(String groupId, String memberId, String reason) {
        return table.inGroup(
                groupId,
                Errors.UNKNOWN_MEMBER_ID,
                (g, after) -> {
                    var pendingTimer = g.pending.remove(memberId);
                    if (pendingTimer != null) {
                        pendingTimer.cancel();
                        rebalance.maybeCompleteJoin(g, after);
                        table.forgetIfEmpty(g);
                        return Errors.NONE;
                    }
                    var m = g.members.get(memberId);
                    if (m == null) {
                        return Errors.UNKNOWN_MEMBER_ID;
                    }
                    rebalance.remove(
                            g,
                            m,
                            reason == null ? "it left the group" : "it left: " + reason,
                            after);
                    return Errors.NONE;
                });
    }

    /**
     * Whether a commit from this member and generation may be stored: Kafka refuses a stale
     * generation (ILLEGAL_GENERATION), an unknown member, and a commit while the assignment is
     * being handed out (REBALANCE_IN_PROGRESS). A commit without a member (generation -1, the
     * {@code assign()} style) is taken only while the group has no members. An accepted commit
     * counts as a sign of life.
     */
    public Errors validateCommit(String groupId, int generation, String memberId) {
        boolean anonymous = generation < 0 && (memberId == null || memberId.isEmpty());
        return table.inGroup(
                groupId,
                anonymous ? Errors.NONE : Errors.ILLEGAL_GENERATION,
                (g, after) -> {
                    if (anonymous) {
                        return g.members.isEmpty() ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
                    }
                    var m = g.members.get(memberId);
                    if (m == null) {
                        return Errors.UNKNOWN_MEMBER_ID;
                    }
                    if (generation != g.generation) {
                        return Errors.ILLEGAL_GENERATION;
                    }
                    if (g.state == GroupState.COMPLETING_REBALANCE) {
                        return Errors.REBALANCE_IN_PROGRESS;
                    }
                    if (m.awaitingJoin == null) {
                        rebalance.touch(g, m);
                    }
                    return Errors.NONE;
                });
    }

    /** A group as DescribeGroups shows it; empty when no member was ever seen. */
    public Optional<GroupView> describe(String groupId) {
        var g = table.acquire(groupId, false);
        if (g == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(GroupView.of(g));
        } finally {
            g.lock.unlock();
        }
    }

    /** Every group with members, or one starting to get them. */
    public List<GroupView> list() {
        var views = new ArrayList<GroupView>();
        for (String id : table.ids()) {
            describe(id).ifPresent(views::add);
        }
        return views;
    }

    @Override
    public void close() {
        timers.close();
    }
}
