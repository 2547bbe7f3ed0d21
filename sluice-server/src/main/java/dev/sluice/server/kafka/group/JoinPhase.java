package dev.sluice.server.kafka.group;

import dev.sluice.server.config.GroupSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * JoinGroup: a request checked against the broker's limits and the group's protocols, a new member
 * given its id (and, from v4, asked to join again with it), a known member's join starting or
 * joining a rebalance. The answer is a future that completes when the rebalance gets there.
 */
final class JoinPhase {

    private final GroupSettings settings;
    private final Timers timers;
    private final GroupTable table;
    private final Rebalance rebalance;

    JoinPhase(GroupSettings settings, Timers timers, GroupTable table, Rebalance rebalance) {
        this.settings = settings;
        this.timers = timers;
        this.table = table;
        this.rebalance = rebalance;
    }

    /**
     * Handles a JoinGroup.
     *
     * @param memberIdRequired true from JoinGroup v4 on: a new member first gets its id with
     *     MEMBER_ID_REQUIRED and joins again with it
     */
    CompletableFuture<JoinGroupResponseData> join(
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
        var g = table.acquire(groupId, true);
        try {
            return joinLocked(g, request, caller, memberIdRequired, protocols, rebalance, after);
        } finally {
            table.forgetIfEmpty(g);
            table.release(g, after);
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
                        timers.schedule(
                                request.sessionTimeoutMs(),
                                () -> rebalance.expirePending(g.id, id)));
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
                    rebalance.touch(g, existing);
                    return CompletableFuture.completedFuture(Answers.joinAnswer(g, existing));
                }
                existing.protocols = protocols;
                var future = Rebalance.awaitJoin(existing, after);
                rebalance.prepareRebalance(
                        g, "member " + existing.id + " rejoined with changes", after);
                return future;
            }
            case PREPARING_REBALANCE -> {
                existing.protocols = protocols;
                var future = Rebalance.awaitJoin(existing, after);
                rebalance.maybeCompleteJoin(g, after);
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
        var future = Rebalance.awaitJoin(m, after);
        rebalance.prepareRebalance(g, "member " + id + " joined", after);
        rebalance.maybeCompleteJoin(g, after);
        return future;
    }
}
