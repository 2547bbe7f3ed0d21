package dev.sluice.server.kafka.group;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeGroups: state, protocol and members with their assignment (what {@code
 * kafka-consumer-groups --describe} and the admin client show). A group Sluice has never heard of
 * is "Dead", with GROUP_ID_NOT_FOUND from version 6 on, as in Kafka.
 */
final class DescribeGroupsApi implements KafkaApi {

    private static final int UNKNOWN_OPERATIONS = Integer.MIN_VALUE;

    private final GroupCoordinator coordinator;
    private final GroupOffsets offsets;

    DescribeGroupsApi(GroupCoordinator coordinator, GroupOffsets offsets) {
        this.coordinator = coordinator;
        this.offsets = offsets;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (DescribeGroupsRequestData) message;
        var response = new DescribeGroupsResponseData();
        for (String id : request.groups()) {
            var described =
                    new DescribedGroup().setGroupId(id).setAuthorizedOperations(UNKNOWN_OPERATIONS);
            var view =
                    coordinator
                            .describe(id)
                            .or(
                                    () ->
                                            offsets.groupsWithOffsets().contains(id)
                                                    ? java.util.Optional.of(GroupView.empty(id))
                                                    : java.util.Optional.empty());
            if (view.isEmpty()) {
                described
                        .setGroupState(GroupState.DEAD.label)
                        .setProtocolType("")
                        .setProtocolData("")
                        .setErrorCode(
                                context.apiVersion() >= 6
                                        ? Errors.GROUP_ID_NOT_FOUND.code()
                                        : Errors.NONE.code());
                if (context.apiVersion() >= 6) {
                    described.setErrorMessage("group " + id + " is not known to this broker");
                }
            } else {
                var v = view.get();
                described
                        .setErrorCode(Errors.NONE.code())
                        .setGroupState(v.state())
                        .setProtocolType(v.protocolType())
                        .setProtocolData(v.protocolName());
                for (var m : v.members()) {
                    described
                            .members()
                            .add(
                                    new DescribedGroupMember()
                                            .setMemberId(m.memberId())
                                            .setGroupInstanceId(m.instanceId())
                                            .setClientId(m.clientId())
                                            .setClientHost(m.clientHost())
                                            .setMemberMetadata(m.metadata())
                                            .setMemberAssignment(m.assignment()));
                }
            }
            response.groups().add(described);
        }
        return CompletableFuture.completedFuture(response);
    }
}
