package dev.sluice.server.kafka.group;

import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * SyncGroup: members of a new generation wait for the leader's assignment, which completes the
 * rebalance (the group is then {@link GroupState#STABLE}) and is handed to every member.
 */
final class SyncPhase {

    private final GroupTable table;
    private final Rebalance rebalance;

    SyncPhase(GroupTable table, Rebalance rebalance) {
        this.table = table;
        this.rebalance = rebalance;
    }

    /** Handles a SyncGroup: the leader's assignment is stored and handed to every member. */
    CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData request) {
        return table.inGroup(
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
                            rebalance.touch(g, m);
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
                                Rebalance.cancel(g.syncTimer);
                                g.syncTimer = null;
                                g.state = GroupState.STABLE;
                                for (var each : g.members.values()) {
                                    each.assignment = given.getOrDefault(each.id, new byte[0]);
                                    if (each.awaitingSync != null) {
                                        after.complete(
                                                each.awaitingSync, Answers.syncAnswer(g, each));
                                        each.awaitingSync = null;
                                        rebalance.touch(g, each);
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
}
