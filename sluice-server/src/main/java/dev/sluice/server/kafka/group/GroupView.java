package dev.sluice.server.kafka.group;

import java.util.ArrayList;
import java.util.List;

/**
 * A group as DescribeGroups and ListGroups show it, taken under its lock.
 *
 * @param state Kafka's name for the state ({@code Stable}, {@code Empty}, …)
 * @param protocolName the protocol chosen in the current generation (for a consumer: the assignor)
 */
public record GroupView(
        String groupId,
        String state,
        String protocolType,
        String protocolName,
        List<MemberView> members) {

    /** One member, with its metadata for the chosen protocol and its assignment. */
    public record MemberView(
            String memberId,
            String instanceId,
            String clientId,
            String clientHost,
            byte[] metadata,
            byte[] assignment) {}

    /** A group that has committed offsets and no members. */
    public static GroupView empty(String groupId) {
        return new GroupView(groupId, GroupState.EMPTY.label, "", "", List.of());
    }

    static GroupView of(Group g) {
        var members = new ArrayList<MemberView>();
        boolean stable = g.state == GroupState.STABLE;
        for (var m : g.members.values()) {
            members.add(
                    new MemberView(
                            m.id,
                            m.instanceId,
                            m.clientId,
                            m.clientHost,
                            g.protocolName == null ? new byte[0] : m.metadata(g.protocolName),
                            stable ? m.assignment : new byte[0]));
        }
        return new GroupView(
                g.id,
                g.state.label,
                g.protocolType == null ? "" : g.protocolType,
                g.protocolName == null ? "" : g.protocolName,
                List.copyOf(members));
    }
}
