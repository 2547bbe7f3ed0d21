package dev.sluice.server.kafka.group;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** LeaveGroup: one member before version 3, a batch of members (each answered) from 3 on. */
final class LeaveGroupApi implements KafkaApi {

    private final GroupCoordinator coordinator;

    LeaveGroupApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.LEAVE_GROUP;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (LeaveGroupRequestData) message;
        var response = new LeaveGroupResponseData().setErrorCode(Errors.NONE.code());
        if (context.apiVersion() < 3) {
            var error = coordinator.leave(request.groupId(), request.memberId(), null);
            return CompletableFuture.completedFuture(response.setErrorCode(error.code()));
        }
        var members = new ArrayList<MemberResponse>();
        for (var m : request.members()) {
            var error = coordinator.leave(request.groupId(), m.memberId(), m.reason());
            members.add(
                    new MemberResponse()
                            .setMemberId(m.memberId())
                            .setGroupInstanceId(m.groupInstanceId())
                            .setErrorCode(error.code()));
        }
        return CompletableFuture.completedFuture(response.setMembers(members));
    }
}
