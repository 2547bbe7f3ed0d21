package dev.sluice.server.kafka.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sluice.server.config.GroupSettings;
import dev.sluice.server.config.StorageSettings;
import dev.sluice.server.kafka.BrokerNode;
import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group APIs through their handlers, at every version they advertise: each answer is right for
 * that version's shape (one key or a batch, one group or many) and can be encoded at it, so an
 * older client (kcat, librdkafka) never gets a response the broker cannot write.
 */
class GroupApisEncodeTest {

    static final BrokerNode BROKER = new BrokerNode(7, "broker.test", 9092, "cluster");

    final ConsumerGroups groups =
            ConsumerGroups.open(GroupSettings.defaults(), new StorageSettings(1 << 20));
    final Map<ApiKeys, KafkaApi> apis =
            groups.apis().stream().collect(Collectors.toMap(KafkaApi::key, Function.identity()));

    @AfterEach
    void close() {
        groups.close();
    }

    /** Handles the request at {@code version} and checks its answer encodes at that version. */
    @SuppressWarnings("unchecked")
    <T extends ApiMessage> T call(ApiKeys key, int version, ApiMessage request) {
        short v = (short) version;
        var context =
                new RequestContext(
                        new RequestHeader(key, v, "encode-test", 1),
                        new InetSocketAddress("127.0.0.1", 5555),
                        1,
                        BROKER);
        var response = apis.get(key).handle(context, request).join();
        var cache = new ObjectSerializationCache();
        assertThatCode(
                        () -> {
                            var buffer = ByteBuffer.allocate(response.size(cache, v));
                            response.write(new ByteBufferAccessor(buffer), cache, v);
                        })
                .as("%s v%d", key, v)
                .doesNotThrowAnyException();
        return (T) response;
    }

    static int min(KafkaApi api) {
        return api.minVersion();
    }

    /** A member of {@code group}, joined with JoinGroup at {@code version}: [id, generation]. */
    Object[] member(String group, int version) {
        var request = GroupCoordinatorTest.joinRequest("", "range").setGroupId(group);
        if (version == 0) {
            request.setRebalanceTimeoutMs(-1);
        }
        JoinGroupResponseData joined = call(ApiKeys.JOIN_GROUP, version, request);
        if (version >= 4) {
            assertThat(joined.errorCode()).isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
            assertThat(joined.memberId()).startsWith("encode-test-");
            joined = call(ApiKeys.JOIN_GROUP, version, request.setMemberId(joined.memberId()));
        }
        assertThat(joined.errorCode()).as("join v%d", version).isZero();
        assertThat(joined.members()).hasSize(1);
        return new Object[] {joined.memberId(), joined.generationId()};
    }

    /** A member that got its assignment (commits are refused until then). */
    Object[] stableMember(String group) {
        var m = member(group, 9);
        SyncGroupResponseData synced =
                call(
                        ApiKeys.SYNC_GROUP,
                        5,
                        new SyncGroupRequestData()
                                .setGroupId(group)
                                .setMemberId((String) m[0])
                                .setGenerationId((int) m[1]));
        assertThat(synced.errorCode()).isZero();
        return m;
    }

    @Test
    void joinGroupAtEveryVersion() {
        var api = apis.get(ApiKeys.JOIN_GROUP);
        assertThat(api.maxVersion()).isEqualTo(ApiKeys.JOIN_GROUP.latestVersion());
        for (int v = min(api); v <= api.maxVersion(); v++) {
            member("join-" + v, v);
            JoinGroupResponseData refused =
                    call(
                            ApiKeys.JOIN_GROUP,
                            v,
                            GroupCoordinatorTest.joinRequest("", "range").setSessionTimeoutMs(1));
            assertThat(refused.errorCode()).isEqualTo(Errors.INVALID_SESSION_TIMEOUT.code());
        }
    }

    @Test
    void syncHeartbeatAndLeaveAtEveryVersion() {
        for (int v = 0; v <= apis.get(ApiKeys.SYNC_GROUP).maxVersion(); v++) {
            var m = member("sync-" + v, 9);
            SyncGroupResponseData synced =
                    call(
                            ApiKeys.SYNC_GROUP,
                            v,
                            new SyncGroupRequestData()
                                    .setGroupId("sync-" + v)
                                    .setMemberId((String) m[0])
                                    .setGenerationId((int) m[1])
                                    .setAssignments(
                                            List.of(
                                                    new SyncGroupRequestAssignment()
                                                            .setMemberId((String) m[0])
                                                            .setAssignment(new byte[] {1, 2}))));
            assertThat(synced.errorCode()).isZero();
            assertThat(synced.assignment()).containsExactly(1, 2);
        }
        for (int v = 0; v <= apis.get(ApiKeys.HEARTBEAT).maxVersion(); v++) {
            var m = member("beat-" + v, 9);
            HeartbeatResponseData beat =
                    call(
                            ApiKeys.HEARTBEAT,
                            v,
                            new HeartbeatRequestData()
                                    .setGroupId("beat-" + v)
                                    .setMemberId((String) m[0])
                                    .setGenerationId((int) m[1] + 1));
            assertThat(beat.errorCode()).isEqualTo(Errors.ILLEGAL_GENERATION.code());
        }
        for (int v = 0; v <= apis.get(ApiKeys.LEAVE_GROUP).maxVersion(); v++) {
            String group = "leave-" + v;
            var m = member(group, 9);
            var request = new LeaveGroupRequestData().setGroupId(group);
            if (v < 3) {
                request.setMemberId((String) m[0]);
            } else {
                request.setMembers(
                        List.of(
                                new MemberIdentity().setMemberId((String) m[0]),
                                new MemberIdentity().setMemberId("stranger")));
            }
            LeaveGroupResponseData left = call(ApiKeys.LEAVE_GROUP, v, request);
            assertThat(left.errorCode()).isZero();
            if (v >= 3) {
                assertThat(left.members())
                        .extracting(LeaveGroupResponseData.MemberResponse::errorCode)
                        .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_MEMBER_ID.code());
            }
            assertThat(groups.apis()).isNotEmpty();
        }
    }

    static OffsetCommitRequestData commit(String group, Object[] member, int generation) {
        return new OffsetCommitRequestData()
                .setGroupId(group)
                .setMemberId((String) member[0])
                .setGenerationIdOrMemberEpoch(generation)
                .setTopics(
                        List.of(
                                new OffsetCommitRequestTopic()
                                        .setName("t")
                                        .setPartitions(
                                                List.of(
                                                        new OffsetCommitRequestPartition()
                                                                .setPartitionIndex(0)
                                                                .setCommittedOffset(42)
                                                                .setCommittedMetadata("m")))));
    }

    @Test
    void offsetCommitAndFetchAtEveryVersion() {
        var commitApi = apis.get(ApiKeys.OFFSET_COMMIT);
        assertThat(commitApi.maxVersion()).isEqualTo((short) 9);
        for (int v = min(commitApi); v <= commitApi.maxVersion(); v++) {
            String group = "commit-" + v;
            var m = stableMember(group);
            OffsetCommitResponseData stale =
                    call(ApiKeys.OFFSET_COMMIT, v, commit(group, m, (int) m[1] - 1));
            assertThat(stale.topics().get(0).partitions().get(0).errorCode())
                    .isEqualTo(Errors.ILLEGAL_GENERATION.code());
            OffsetCommitResponseData ok =
                    call(ApiKeys.OFFSET_COMMIT, v, commit(group, m, (int) m[1]));
            assertThat(ok.topics().get(0).partitions().get(0).errorCode()).isZero();
        }
        var fetchApi = apis.get(ApiKeys.OFFSET_FETCH);
        for (int v = min(fetchApi); v <= fetchApi.maxVersion(); v++) {
            var request = new OffsetFetchRequestData();
            if (v >= 8) {
                request.setGroups(
                        List.of(
                                new OffsetFetchRequestGroup()
                                        .setGroupId("commit-9")
                                        .setTopics(
                                                List.of(
                                                        new OffsetFetchRequestTopics()
                                                                .setName("t")
                                                                .setPartitionIndexes(
                                                                        List.of(0, 1)))),
                                new OffsetFetchRequestGroup()
                                        .setGroupId("commit-2")
                                        .setTopics(null)));
                OffsetFetchResponseData fetched = call(ApiKeys.OFFSET_FETCH, v, request);
                var partitions = fetched.groups().get(0).topics().get(0).partitions();
                assertThat(partitions.get(0).committedOffset()).isEqualTo(42);
                assertThat(partitions.get(0).metadata()).isEqualTo("m");
                assertThat(partitions.get(1).committedOffset()).isEqualTo(-1);
                assertThat(
                                fetched.groups()
                                        .get(1)
                                        .topics()
                                        .get(0)
                                        .partitions()
                                        .get(0)
                                        .committedOffset())
                        .isEqualTo(42);
            } else {
                request.setGroupId("commit-9")
                        .setTopics(
                                List.of(
                                        new OffsetFetchRequestTopic()
                                                .setName("t")
                                                .setPartitionIndexes(List.of(0))));
                OffsetFetchResponseData fetched = call(ApiKeys.OFFSET_FETCH, v, request);
                assertThat(fetched.topics().get(0).partitions().get(0).committedOffset())
                        .isEqualTo(42);
            }
        }
    }

    @Test
    void findCoordinatorDescribeAndListAtEveryVersion() {
        var find = apis.get(ApiKeys.FIND_COORDINATOR);
        for (int v = 0; v <= find.maxVersion(); v++) {
            var request = new FindCoordinatorRequestData();
            if (v >= 4) {
                request.setCoordinatorKeys(List.of("a", "b"));
            } else {
                request.setKey("a");
            }
            FindCoordinatorResponseData found = call(ApiKeys.FIND_COORDINATOR, v, request);
            if (v >= 4) {
                assertThat(found.coordinators())
                        .hasSize(2)
                        .allSatisfy(c -> assertThat(c.nodeId()).isEqualTo(7));
                assertThat(found.coordinators().get(1).host()).isEqualTo("broker.test");
            } else {
                assertThat(found.nodeId()).isEqualTo(7);
                assertThat(found.port()).isEqualTo(9092);
            }
            if (v >= 1) {
                var txn = request.duplicate().setKeyType(CoordinatorType.TRANSACTION.id());
                FindCoordinatorResponseData refused = call(ApiKeys.FIND_COORDINATOR, v, txn);
                short error =
                        v >= 4 ? refused.coordinators().get(0).errorCode() : refused.errorCode();
                assertThat(error).isEqualTo(Errors.INVALID_REQUEST.code());
            }
        }
        var m = member("described", 9);
        var describe = apis.get(ApiKeys.DESCRIBE_GROUPS);
        for (int v = 0; v <= describe.maxVersion(); v++) {
            DescribeGroupsResponseData described =
                    call(
                            ApiKeys.DESCRIBE_GROUPS,
                            v,
                            new DescribeGroupsRequestData()
                                    .setGroups(List.of("described", "nope")));
            var known = described.groups().get(0);
            assertThat(known.groupState()).isEqualTo("CompletingRebalance");
            assertThat(known.members())
                    .singleElement()
                    .satisfies(
                            member -> {
                                assertThat(member.memberId()).isEqualTo(m[0]);
                                assertThat(member.clientHost()).isEqualTo("/127.0.0.1");
                            });
            var unknown = described.groups().get(1);
            assertThat(unknown.groupState()).isEqualTo("Dead");
            assertThat(unknown.errorCode())
                    .isEqualTo(v >= 6 ? Errors.GROUP_ID_NOT_FOUND.code() : Errors.NONE.code());
        }
        var list = apis.get(ApiKeys.LIST_GROUPS);
        for (int v = 0; v <= list.maxVersion(); v++) {
            var request = new ListGroupsRequestData();
            if (v >= 4) {
                request.setStatesFilter(List.of("completingrebalance"));
            }
            ListGroupsResponseData listed = call(ApiKeys.LIST_GROUPS, v, request);
            assertThat(listed.groups())
                    .extracting(ListGroupsResponseData.ListedGroup::groupId)
                    .containsExactly("described");
        }
    }
}
