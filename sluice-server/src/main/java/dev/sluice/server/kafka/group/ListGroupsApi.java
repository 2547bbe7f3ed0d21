package dev.sluice.server.kafka.group;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * ListGroups: groups with members, and groups that only have committed offsets (as Empty). The
 * state filter (version 4) and type filter (version 5; every group here is "classic") apply.
 */
final class ListGroupsApi implements KafkaApi {

    private static final String TYPE = "classic";

    private final GroupCoordinator coordinator;
    private final GroupOffsets offsets;

    ListGroupsApi(GroupCoordinator coordinator, GroupOffsets offsets) {
        this.coordinator = coordinator;
        this.offsets = offsets;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.LIST_GROUPS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (ListGroupsRequestData) message;
        var response = new ListGroupsResponseData().setErrorCode(Errors.NONE.code());
        var types = request.typesFilter();
        if (!types.isEmpty()
                && types.stream().noneMatch(t -> t.toLowerCase(Locale.ROOT).equals(TYPE))) {
            return CompletableFuture.completedFuture(response);
        }
        var views = new TreeMap<String, GroupView>();
        for (String id : offsets.groupsWithOffsets()) {
            views.put(id, GroupView.empty(id));
        }
        for (var v : coordinator.list()) {
            views.put(v.groupId(), v);
        }
        for (var v : views.values()) {
            var states = request.statesFilter();
            if (!states.isEmpty()
                    && states.stream().noneMatch(s -> s.equalsIgnoreCase(v.state()))) {
                continue;
            }
            var listed =
                    new ListedGroup().setGroupId(v.groupId()).setProtocolType(v.protocolType());
            if (context.apiVersion() >= 4) {
                listed.setGroupState(v.state());
            }
            if (context.apiVersion() >= 5) {
                listed.setGroupType(TYPE);
            }
            response.groups().add(listed);
        }
        return CompletableFuture.completedFuture(response);
    }
}
