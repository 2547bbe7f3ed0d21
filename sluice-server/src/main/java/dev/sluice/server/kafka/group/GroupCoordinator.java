package dev.sluice.server.kafka.group;

import dev.sluice.server.config.GroupSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 */
public final class GroupCoordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);

    private final GroupSettings settings;
    private final Timers timers;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    /** Coordinates groups with timers on their own thread. */
    public GroupCoordinator(GroupSettings settings) {
        this(settings, Timers.threaded());
    }

    GroupCoordinator(GroupSettings settings, Timers timers) {
        this.settings = settings;
        this.timers = timers;
    }

    /** Work to do once the group's lock is released: completing futures. */
    private static final class After {
        final List<Runnable> tasks = new ArrayList<>();

        <T> void complete(CompletableFuture<T> future, T value) {
            tasks.add(() -> future.complete(value));
        }
    }

    // ---- JoinGroup ----

    /**
     * Handles a JoinGroup.
     *
     * @param memberIdRequired true from JoinGroup v4 on: a new member first gets its id with
     *     MEMBER_ID_REQUIRED and joins again with it
     */
    public CompletableFuture<JoinGroupResponseData> join(
            JoinGroupRequestData request, Caller caller, boolean memberIdRequired) {
        String groupId = request.groupId();
        String memberId = request.memberId() == null ? "" : request.memberId();
        if (groupId == null || groupId.isEmpty()) {
            return CompletableFuture.completedFuture(
                    Answers.joinError(Errors.INVALID_GROUP_ID, memberId));
        }
        int session = request.sessionTimeoutMs();
        if (session < settings.minSessionTimeout().toMillis()
                || session > settings.maxSessionTimeout().toMillis()) {
            return CompletableFuture.completedFuture(
                    Answers.joinError(Errors.INVALID_SESSION_TIMEOUT, memberId));
        }
        var protocols = new ArrayList<Member.Protocol>();
        for (var p : request.protocols()) {
            protocols.add(new Member.Protocol(p.name(), p.metadata()));
        }
        if (request.protocolType() == null
                || request.protocolType().isEmpty()
                || protocols.isEmpty()) {
            return CompletableFuture.completedFuture(
                    Answers.joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, memberId));
        }
        int rebalance = request.rebalanceTimeoutMs() > 0 ? request.rebalanceTimeoutMs() : session;
        var after = new After();
        var g = acquire(groupId, true);
        try {
            return joinLocked(g, request, caller, memberIdRequired, protocols, rebalance, after);
        } finally {
            forgetIfEmpty(g);
            release(g, after);
        }
    }

    private CompletableFuture<JoinGroupResponseData> joinLocked(
            Group g,
            JoinGroupRequestData request,
            Caller caller,
            boolean memberIdRequired,
            List<Member.Protocol> protocols,
            int rebalanceTimeoutMs,
            After after) {
        String memberId = request.memberId() == null ? "" : request.memberId();
        Member existing = g.members.get(memberId);
        if (existing == null && !g.members.isEmpty()) {
            if (!request.protocolType().equals(g.protocolType)
                    || protocols.stream()
                            .noneMatch(
                                    p ->
                                            g.members.values().stream()
                                                    .allMatch(m -> m.supports(p.name())))) {
                return CompletableFuture.completedFuture(
                        Answers.joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, memberId));
            }
        }
        if (memberId.isEmpty()) {
            if (g.members.size() + g.pending.size() >= settings.maxMembers()) {
                return CompletableFuture.completedFuture(
                        Answers.joinError(Errors.GROUP_MAX_SIZE_REACHED, memberId));
            }
            String id = caller.clientId() + "-" + UUID.randomUUID();
            if (memberIdRequired) {
                g.pending.put(
                        id,
                        timers.schedule(request.sessionTimeoutMs(), () -> expirePending(g.id, id)));
                return CompletableFuture.completedFuture(
                        Answers.joinError(Errors.MEMBER_ID_REQUIRED, id));
            }
            return addMember(g, id, request, caller, protocols, rebalanceTimeoutMs, after);
        }
        var pendingTimer = g.pending.remove(memberId);
        if (pendingTimer != null) {
            pendingTimer.cancel();
            return addMember(g, memberId, request, caller, protocols, rebalanceTimeoutMs, after);
        }
        if (existing == null) {
            return CompletableFuture.completedFuture(
                    Answers.joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
        }
        boolean unchanged = existing.sameProtocols(protocols);
        existing.sessionTimeoutMs = request.sessionTimeoutMs();
        existing.rebalanceTimeoutMs = rebalanceTimeoutMs;
        switch (g.state) {
            case COMPLETING_REBALANCE, STABLE -> {
                if (unchanged
                        && (g.state == GroupState.COMPLETING_REBALANCE
                                || !existing.id.equals(g.leader))) {
                    // A member that lost the answer asks again: the current generation stands.
                    touch(g, existing);
                    return CompletableFuture.completedFuture(Answers.joinAnswer(g, existing));
                }
                existing.protocols = protocols;
                var future = awaitJoin(existing, after);
                prepareRebalance(g, "member " + existing.id + " rejoined with changes", after);
                return future;
            }
            case PREPARING_REBALANCE -> {
                existing.protocols = protocols;
                var future = awaitJoin(existing, after);
                maybeCompleteJoin(g, after);
                return future;
            }
            case EMPTY, DEAD -> {
                return CompletableFuture.completedFuture(
                        Answers.joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private CompletableFuture<JoinGroupResponseData> addMember(
            Group g,
            String id,
            JoinGroupRequestData request,
            Caller caller,
            List<Member.Protocol> protocols,
            int rebalanceTimeoutMs,
            After after) {
        var m = new Member(id, request.groupInstanceId(), caller);
        m.sessionTimeoutMs = request.sessionTimeoutMs();
        m.rebalanceTimeoutMs = rebalanceTimeoutMs;
        m.protocols = protocols;
        if (g.members.isEmpty()) {
            g.protocolType = request.protocolType();
        }
        g.members.put(id, m);
        var future = awaitJoin(m, after);
        prepareRebalance(g, "member " + id + " joined", after);
        maybeCompleteJoin(g, after);
        return future;
    }

    /** The member now waits in JoinGroup; a JoinGroup it sent before is answered as superseded. */
    private static CompletableFuture<JoinGroupResponseData> awaitJoin(Member m, After after) {
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

    private void prepareRebalance(Group g, String why, After after) {
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

    private void maybeCompleteJoin(Group g, After after) {
        if (g.state == GroupState.PREPARING_REBALANCE && g.allJoined()) {
            completeJoin(g, after);
        }
    }

    private void rebalanceTimedOut(String groupId, int generation) {
        inGroup(
                groupId,
                (g, after) -> {
                    if (g.state == GroupState.PREPARING_REBALANCE && g.generation == generation) {
                        completeJoin(g, after);
                    }
                });
    }

    /** Drops members that did not join again, then starts the next generation. */
    private void completeJoin(Group g, After after) {
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
        g.pending.values().forEach(GroupCoordinator::cancel);
        g.pending.clear();
        g.generation++;
        if (g.members.isEmpty()) {
            g.state = GroupState.EMPTY;
            g.protocolName = null;
            g.leader = null;
            forgetIfEmpty(g);
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

    private void expirePending(String groupId, String memberId) {
        inGroup(
                groupId,
                (g, after) -> {
                    if (g.pending.remove(memberId) != null) {
                        maybeCompleteJoin(g, after);
                        forgetIfEmpty(g);
                    }
                });
    }

    // ---- SyncGroup ----

    /** Handles a SyncGroup: the leader's assignment is stored and handed to every member. */
    public CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData request) {
        return inGroup(
                request.groupId(),
                CompletableFuture.completedFuture(Answers.syncError(Errors.UNKNOWN_MEMBER_ID)),
                (g, after) -> {
                    var m = g.members.get(request.memberId());
                    if (m == null) {
                        return CompletableFuture.completedFuture(
                                Answers.syncError(Errors.UNKNOWN_MEMBER_ID));
                    }
                    if (request.generationId() != g.generation) {
                        return CompletableFuture.completedFuture(
                                Answers.syncError(Errors.ILLEGAL_GENERATION));
                    }
                    if ((request.protocolType() != null
                                    && !request.protocolType().equals(g.protocolType))
                            || (request.protocolName() != null
                                    && !request.protocolName().equals(g.protocolName))) {
                        return CompletableFuture.completedFuture(
                                Answers.syncError(Errors.INCONSISTENT_GROUP_PROTOCOL));
                    }
                    switch (g.state) {
                        case PREPARING_REBALANCE -> {
                            return CompletableFuture.completedFuture(
                                    Answers.syncError(Errors.REBALANCE_IN_PROGRESS));
                        }
                        case STABLE -> {
                            touch(g, m);
                            return CompletableFuture.completedFuture(Answers.syncAnswer(g, m));
                        }
                        case COMPLETING_REBALANCE -> {
                            if (m.awaitingSync != null) {
                                after.complete(
                                        m.awaitingSync,
                                        Answers.syncError(Errors.REBALANCE_IN_PROGRESS));
                            }
                            var future = new CompletableFuture<SyncGroupResponseData>();
                            m.awaitingSync = future;
                            if (m.id.equals(g.leader)) {
                                var given = new HashMap<String, byte[]>();
                                for (var a : request.assignments()) {
                                    given.put(a.memberId(), a.assignment());
                                }
                                cancel(g.syncTimer);
                                g.syncTimer = null;
                                g.state = GroupState.STABLE;
                                for (var each : g.members.values()) {
                                    each.assignment = given.getOrDefault(each.id, new byte[0]);
                                    if (each.awaitingSync != null) {
                                        after.complete(
                                                each.awaitingSync, Answers.syncAnswer(g, each));
                                        each.awaitingSync = null;
                                        touch(g, each);
                                    }
                                }
                            }
                            return future;
                        }
                        case EMPTY, DEAD -> {
                            return CompletableFuture.completedFuture(
                                    Answers.syncError(Errors.UNKNOWN_MEMBER_ID));
                        }
                    }
                    throw new IllegalStateException("unreachable");
                });
    }

    /** The leader did not send the assignment in time: members that did not sync are removed. */
    private void syncTimedOut(String groupId, int generation) {
        inGroup(
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

    // ---- Heartbeat ----

    /** Handles a Heartbeat: keeps the member alive and tells it when a rebalance started. */
    public Errors heartbeat(HeartbeatRequestData request) {
        return inGroup(
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
                    touch(g, m);
                    return g.state == GroupState.PREPARING_REBALANCE
                            ? Errors.REBALANCE_IN_PROGRESS
                            : Errors.NONE;
                });
    }

    // ---- LeaveGroup ----

    /** Removes a member that leaves; its partitions go to the others in a rebalance. */
    public Errors leave(String groupId, String memberId, String reason) {
        return inGroup(
                groupId,
                Errors.UNKNOWN_MEMBER_ID,
                (g, after) -> {
                    var pendingTimer = g.pending.remove(memberId);
                    if (pendingTimer != null) {
                        pendingTimer.cancel();
                        maybeCompleteJoin(g, after);
                        forgetIfEmpty(g);
                        return Errors.NONE;
                    }
                    var m = g.members.get(memberId);
                    if (m == null) {
                        return Errors.UNKNOWN_MEMBER_ID;
                    }
                    remove(
                            g,
                            m,
                            reason == null ? "it left the group" : "it left: " + reason,
                            after);
                    return Errors.NONE;
                });
    }

    private void remove(Group g, Member m, String why, After after) {
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
        forgetIfEmpty(g);
    }

    // ---- sessions ----

    /** Restarts the member's session timeout (a heartbeat, a sync, a commit). */
    void touch(Group g, Member m) {
        cancel(m.session);
        m.session = timers.schedule(m.sessionTimeoutMs, () -> sessionExpired(g.id, m));
    }

    private void sessionExpired(String groupId, Member m) {
        inGroup(
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

    // ---- what offsets and listings need ----

    /**
     * Whether a commit from this member and generation may be stored: Kafka refuses a stale
     * generation (ILLEGAL_GENERATION), an unknown member, and a commit while the assignment is
     * being handed out (REBALANCE_IN_PROGRESS). A commit without a member (generation -1, the
     * {@code assign()} style) is taken only while the group has no members. An accepted commit
     * counts as a sign of life.
     */
    public Errors validateCommit(String groupId, int generation, String memberId) {
        boolean anonymous = generation < 0 && (memberId == null || memberId.isEmpty());
        return inGroup(
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
                        touch(g, m);
                    }
                    return Errors.NONE;
                });
    }

    /** A group as DescribeGroups shows it; empty when no member was ever seen. */
    public Optional<GroupView> describe(String groupId) {
        var g = acquire(groupId, false);
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
        for (String id : groups.keySet()) {
            describe(id).ifPresent(views::add);
        }
        return views;
    }

    /**
     * Runs {@code work} under the group's lock, then completes what it queued in {@code after};
     * answers {@code absent} when the group does not exist.
     */
    private <T> T inGroup(String groupId, T absent, BiFunction<Group, After, T> work) {
        var after = new After();
        var g = acquire(groupId, false);
        if (g == null) {
            return absent;
        }
        try {
            return work.apply(g, after);
        } finally {
            release(g, after);
        }
    }

    private void inGroup(String groupId, BiConsumer<Group, After> work) {
        inGroup(
                groupId,
                null,
                (g, after) -> {
                    work.accept(g, after);
                    return null;
                });
    }

    // ---- locking ----

    /** The group, locked; null when it does not exist and {@code create} is false. */
    private Group acquire(String groupId, boolean create) {
        while (true) {
            var g = create ? groups.computeIfAbsent(groupId, Group::new) : groups.get(groupId);
            if (g == null) {
                return null;
            }
            g.lock.lock();
            if (g.state != GroupState.DEAD) {
                return g;
            }
            // Removed while we waited for its lock: look again.
            g.lock.unlock();
            if (!create) {
                return null;
            }
        }
    }

    private static void release(Group g, After after) {
        g.lock.unlock();
        after.tasks.forEach(Runnable::run);
    }

    /** A group left without members or pending joins is forgotten (its offsets stay stored). */
    private void forgetIfEmpty(Group g) {
        if (g.state == GroupState.EMPTY && g.members.isEmpty() && g.pending.isEmpty()) {
            g.state = GroupState.DEAD;
            groups.remove(g.id, g);
        }
    }

    private static void cancel(Timers.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public void close() {
        timers.close();
    }
}
