package dev.sluice.server.kafka.group;

import java.util.ArrayList;
import java.util.HashMap;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * What JoinGroup and SyncGroup answer, and the protocol vote the join answer carries; built from a
 * group under its lock.
 */
final class Answers {

    private Answers() {}

    /**
     * The protocol every member supports that most members list first among those (Kafka's vote); a
     * tie goes to the one the leader-to-be prefers.
     */
    static String selectProtocol(Group g) {
        var first = g.members.values().iterator().next();
        var votes = new HashMap<String, Integer>();
        for (var m : g.members.values()) {
            for (var p : m.protocols) {
                if (g.members.values().stream().allMatch(o -> o.supports(p.name()))) {
                    votes.merge(p.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        for (var p : first.protocols) {
            int v = votes.getOrDefault(p.name(), 0);
            if (v > 0 && (best == null || v > votes.get(best))) {
                best = p.name();
            }
        }
        return best;
    }

    static JoinGroupResponseData joinAnswer(Group g, Member m) {
        var response =
                new JoinGroupResponseData()
                        .setErrorCode(Errors.NONE.code())
                        .setGenerationId(g.generation)
                        .setProtocolType(g.protocolType)
                        .setProtocolName(g.protocolName)
                        .setLeader(g.leader)
                        .setMemberId(m.id);
        if (m.id.equals(g.leader)) {
            var members = new ArrayList<JoinGroupResponseMember>();
            for (var each : g.members.values()) {
                members.add(
                        new JoinGroupResponseMember()
                                .setMemberId(each.id)
                                .setGroupInstanceId(each.instanceId)
                                .setMetadata(each.metadata(g.protocolName)));
            }
            response.setMembers(members);
        }
        return response;
    }

    static JoinGroupResponseData joinError(Errors error, String memberId) {
        return new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setGenerationId(-1)
                .setMemberId(memberId)
                .setLeader("")
                .setProtocolName(null);
    }

    static SyncGroupResponseData syncAnswer(Group g, Member m) {
        return new SyncGroupResponseData()
                .setErrorCode(Errors.NONE.code())
                .setProtocolType(g.protocolType)
                .setProtocolName(g.protocolName)
                .setAssignment(m.assignment);
    }

    static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }
}
