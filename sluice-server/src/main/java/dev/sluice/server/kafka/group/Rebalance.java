package dev.sluice.server.kafka.group;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's state machine: the moves between {@link GroupState}s that JoinGroup, SyncGroup,
 * LeaveGroup and the timers share. A rebalance starts ({@link #prepareRebalance}), waits until
 * every known member joined again or the rebalance timeout passed ({@link #completeJoin}: the next
 * generation, its leader and protocol), then waits for the leader's assignment within the same
 * timeout ({@link #syncTimedOut}); a member without a heartbeat for its session timeout is removed
 * ({@link #remove}), which starts a rebalance for the rest. Every method here is called with the
 * group's lock held, timers' tasks take it through the {@link GroupTable}.
 */
final class Rebalance {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);

    private final GroupTable table;
    private final Timers timers;

    Rebalance(GroupTable table, Timers timers) {
        this.table = table;
        this.timers = timers;
    }

    /** The member now waits in JoinGroup; a JoinGroup it sent before is answered as superseded. */
    static CompletableFuture<JoinGroupResponseData> awaitJoin(Member m, After after) {
        if (m.awaitingJoin != null) {
            after.complete(m.awaitingJoin, Answers.joinError(Errors.REBALANCE_IN_PROGRESS, m.id));
        }
        if (m.session != null) {
            // Waiting in a join keeps a member alive; the rebalance timeout bounds the wait.
            m.session.cancel();
            m.session = null;
        }
        m.awaitingJoin = new CompletableFuture<>();
        return m.awaitingJoin;
    }

    void prepareRebalance(Group g, String why, After after) {
        if (g.state == GroupState.PREPARING_REBALANCE) {
            return;
        }
        if (g.state == GroupState.COMPLETING_REBALANCE) {
            cancel(g.syncTimer);
            g.syncTimer = null;
            for (var m : g.members.values()) {
                if (m.awaitingSync != null) {
                    after.complete(m.awaitingSync, Answers.syncError(Errors.REBALANCE_IN_PROGRESS));
                    m.awaitingSync = null;
                    // A fresh session from the answer on, to join again in.
                    touch(g, m);
                }
            }
        }
        LOG.debug("group {}: rebalance after generation {}: {}", g.id, g.generation, why);
        g.state = GroupState.PREPARING_REBALANCE;
        int timeout =
                g.members.values().stream().mapToInt(m -> m.rebalanceTimeoutMs).max().orElse(0);
        int generation = g.generation;
        g.rebalanceTimer = timers.schedule(timeout, () -> rebalanceTimedOut(g.id, generation));
    }

    void maybeCompleteJoin(Group g, After after) {
        if (g.state == GroupState.PREPARING_REBALANCE && g.allJoined()) {
            completeJoin(g, after);
        }
    }

    private void rebalanceTimedOut(String groupId, int generation) {
        table.inGroup(
                groupId,
                (g, after) -> {
                    if (g.state == GroupState.PREPARING_REBALANCE && g.generation == generation) {
                        completeJoin(g, after);
                    }
                });
    }

    /** Drops members that did not join again, then starts the next generation. */
    void completeJoin(Group g, After after) {
        cancel(g.rebalanceTimer);
        g.rebalanceTimer = null;
        for (var it = g.members.values().iterator(); it.hasNext(); ) {
            var m = it.next();
            if (m.awaitingJoin == null) {
                LOG.info(
                        "group {}: member {} did not join again within its rebalance timeout;"
                                + " removed",
                        g.id,
                        m.id);
                cancel(m.session);
                it.remove();
            }
        }
        g.pending.values().forEach(Rebalance::cancel);
        g.pending.clear();
        g.generation++;
        if (g.members.isEmpty()) {
            g.state = GroupState.EMPTY;
            g.protocolName = null;
            g.leader = null;
            table.forgetIfEmpty(g);
            return;
        }
        g.protocolName = Answers.selectProtocol(g);
        if (g.leader == null || !g.members.containsKey(g.leader)) {
            g.leader = g.members.keySet().iterator().next();
        }
        g.state = GroupState.COMPLETING_REBALANCE;
        LOG.info(
                "group {}: generation {} with {} members, protocol {}, leader {}",
                g.id,
                g.generation,
                g.members.size(),
                g.protocolName,
                g.leader);
        int syncTimeout = 0;
        for (var m : g.members.values()) {
            m.assignment = new byte[0];
            after.complete(m.awaitingJoin, Answers.joinAnswer(g, m));
            m.awaitingJoin = null;
            touch(g, m);
            syncTimeout = Math.max(syncTimeout, m.rebalanceTimeoutMs);
        }
        int generation = g.generation;
        g.syncTimer = timers.schedule(syncTimeout, () -> syncTimedOut(g.id, generation));
    }

    void expirePending(String groupId, String memberId) {
        table.inGroup(
                groupId,
                (g, after) -> {
                    if (g.pending.remove(memberId) != null) {
                        maybeCompleteJoin(g, after);
                        table.forgetIfEmpty(g);
                    }
                });
    }

    /** The leader did not send the assignment in time: members that did not sync are removed. */
    void syncTimedOut(String groupId, int generation) {
        table.inGroup(
                groupId,
                (g, after) -> {
                    if (g.state != GroupState.COMPLETING_REBALANCE || g.generation != generation) {
                        return;
                    }
                    var late =
                            g.members.values().stream()
                                    .filter(m -> m.awaitingSync == null)
                                    .toList();
                    for (var m : late) {
                        remove(
                                g,
                                m,
                                "it did not send SyncGroup within its rebalance timeout",
                                after);
                    }
                });
    }

    void remove(Group g, Member m, String why, After after) {
        LOG.info("group {}: member {} removed: {}", g.id, m.id, why);
        cancel(m.session);
        g.members.remove(m.id);
        if (m.awaitingJoin != null) {
            after.complete(m.awaitingJoin, Answers.joinError(Errors.UNKNOWN_MEMBER_ID, m.id));
        }
        if (m.awaitingSync != null) {
            after.complete(m.awaitingSync, Answers.syncError(Errors.UNKNOWN_MEMBER_ID));
        }
        switch (g.state) {
            case STABLE, COMPLETING_REBALANCE ->
                    prepareRebalance(g, "member " + m.id + " left", after);
            case PREPARING_REBALANCE -> maybeCompleteJoin(g, after);
            case EMPTY, DEAD -> {}
        }
        if (g.members.isEmpty() && g.state == GroupState.PREPARING_REBALANCE) {
            completeJoin(g, after);
        }
        table.forgetIfEmpty(g);
    }

    /** Restarts the member's session timeout (a heartbeat, a sync, a commit). */
    void touch(Group g, Member m) {
        cancel(m.session);
        m.session = timers.schedule(m.sessionTimeoutMs, () -> sessionExpired(g.id, m));
    }

    private void sessionExpired(String groupId, Member m) {
        table.inGroup(
                groupId,
                (g, after) -> {
                    if (g.members.get(m.id) != m || m.awaitingJoin != null) {
                        // Gone already, or waiting in a join (even if a heartbeat sent just
                        // before restarted its session): the rebalance timeout bounds that wait.
                        return;
                    }
                    if (m.awaitingSync != null) {
                        touch(g, m); // waiting for the leader keeps a member alive
                        return;
                    }
                    remove(
                            g,
                            m,
                            "no heartbeat within its session timeout of "
                                    + m.sessionTimeoutMs
                                    + " ms",
                            after);
                });
    }

    static void cancel(Timers.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}
