package dev.sluice.server.kafka.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.config.GroupSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCoordinatorTest {

    static final int SESSION = 10_000;
    static final int REBALANCE = 30_000;

    final ManualTimers timers = new ManualTimers();
    final GroupCoordinator coordinator = new GroupCoordinator(GroupSettings.defaults(), timers);

    @AfterEach
    void close() {
        coordinator.close();
    }

    static JoinGroupRequestData joinRequest(String memberId, String... protocols) {
        var list = new JoinGroupRequestProtocolCollection();
        for (String p : protocols) {
            list.add(
                    new JoinGroupRequestProtocol()
                            .setName(p)
                            .setMetadata(("sub-" + p).getBytes(StandardCharsets.UTF_8)));
        }
        return new JoinGroupRequestData()
                .setGroupId("g")
                .setMemberId(memberId)
                .setSessionTimeoutMs(SESSION)
                .setRebalanceTimeoutMs(REBALANCE)
                .setProtocolType("consumer")
                .setProtocols(list);
    }

    CompletableFuture<JoinGroupResponseData> join(String memberId, String... protocols) {
        return coordinator.join(
                joinRequest(memberId, protocols.length == 0 ? new String[] {"range"} : protocols),
                new Caller("client", "/127.0.0.1"),
                true);
    }

    /** The v4+ dance: the first JoinGroup hands out the id, the second joins with it. */
    CompletableFuture<JoinGroupResponseData> newMember(String... protocols) {
        var first = join("", protocols).join();
        assertThat(first.errorCode()).isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
        assertThat(first.memberId()).startsWith("client-");
        return join(first.memberId(), protocols);
    }

    Errors heartbeat(String memberId, int generation) {
        return coordinator.heartbeat(
                new HeartbeatRequestData()
                        .setGroupId("g")
                        .setMemberId(memberId)
                        .setGenerationId(generation));
    }

    CompletableFuture<SyncGroupResponseData> sync(
            String memberId, int generation, List<SyncGroupRequestAssignment> assignments) {
        return coordinator.sync(
                new SyncGroupRequestData()
                        .setGroupId("g")
                        .setMemberId(memberId)
                        .setGenerationId(generation)
                        .setAssignments(assignments));
    }

    static SyncGroupRequestAssignment assign(String memberId, String what) {
        return new SyncGroupRequestAssignment()
                .setMemberId(memberId)
                .setAssignment(what.getBytes(StandardCharsets.UTF_8));
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void aLoneMemberBecomesLeaderOfGenerationOne() {
        var joined = newMember().join();

        assertThat(joined.errorCode()).isZero();
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leader()).isEqualTo(joined.memberId());
        assertThat(joined.protocolName()).isEqualTo("range");
        assertThat(joined.members())
                .singleElement()
                .satisfies(m -> assertThat(text(m.metadata())).isEqualTo("sub-range"));

        var synced = sync(joined.memberId(), 1, List.of(assign(joined.memberId(), "p0,p1"))).join();
        assertThat(text(synced.assignment())).isEqualTo("p0,p1");
        assertThat(coordinator.describe("g"))
                .get()
                .extracting(GroupView::state)
                .isEqualTo("Stable");
    }

    @Test
    void aSecondMemberTriggersARebalanceThatCompletesWhenTheFirstRejoins() {
        var a = newMember().join();
        sync(a.memberId(), 1, List.of(assign(a.memberId(), "all"))).join();

        var bJoin = newMember();
        assertThat(bJoin).isNotDone();
        assertThat(heartbeat(a.memberId(), 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);

        var aJoin = join(a.memberId());
        assertThat(aJoin).isDone();
        assertThat(bJoin).isDone();
        var a2 = aJoin.join();
        var b2 = bJoin.join();
        assertThat(a2.generationId()).isEqualTo(2).isEqualTo(b2.generationId());
        assertThat(a2.leader()).isEqualTo(a.memberId()).isEqualTo(b2.leader());
        assertThat(a2.members()).hasSize(2);
        assertThat(b2.members()).isEmpty();

        // The follower waits for the leader's assignment.
        var bSync = sync(b2.memberId(), 2, List.of());
        assertThat(bSync).isNotDone();
        var aSync =
                sync(
                        a.memberId(),
                        2,
                        List.of(assign(a.memberId(), "p0"), assign(b2.memberId(), "p1")));
        assertThat(text(aSync.join().assignment())).isEqualTo("p0");
        assertThat(text(bSync.join().assignment())).isEqualTo("p1");
        assertThat(heartbeat(b2.memberId(), 2)).isEqualTo(Errors.NONE);
    }

    @Test
    void heartbeatsFromStrangersAndOldGenerationsAreRefused() {
        var a = newMember().join();

        assertThat(heartbeat("nobody", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(heartbeat(a.memberId(), 0)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(
                        coordinator.heartbeat(
                                new HeartbeatRequestData().setGroupId("other").setMemberId("x")))
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(sync(a.memberId(), 7, List.of()).join().errorCode())
                .isEqualTo(Errors.ILLEGAL_GENERATION.code());
    }

    @Test
    void aMemberThatLeavesHandsItsPartitionsToTheOthers() {
        var pair = stablePair();
        String a = pair.get(0);
        String b = pair.get(1);

        assertThat(coordinator.leave("g", b, "closing")).isEqualTo(Errors.NONE);
        assertThat(heartbeat(a, 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        var rejoined = join(a).join();
        assertThat(rejoined.generationId()).isEqualTo(3);
        assertThat(rejoined.members())
                .singleElement()
                .satisfies(m -> assertThat(m.memberId()).isEqualTo(a));
        assertThat(coordinator.leave("g", b, null)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aMemberWithoutHeartbeatsIsRemovedAfterItsSessionTimeout() {
        var pair = stablePair();
        String a = pair.get(0);
        String b = pair.get(1);

        for (int i = 0; i < 3; i++) {
            timers.advance(SESSION / 3);
            assertThat(heartbeat(a, 2)).isEqualTo(Errors.NONE);
        }
        timers.advance(SESSION - 3 * (SESSION / 3));
        // b sent nothing for a session timeout: it is gone and a is asked to rejoin.
        assertThat(heartbeat(b, 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(heartbeat(a, 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        var rejoined = join(a).join();
        assertThat(rejoined.members()).extracting(m -> m.memberId()).containsExactly(a);
    }

    @Test
    void aMemberThatDoesNotRejoinWithinTheRebalanceTimeoutIsDropped() {
        var pair = stablePair();
        String a = pair.get(0);
        String b = pair.get(1);

        var c = newMember();
        var aJoin = join(a);
        assertThat(aJoin).isNotDone();
        // b keeps heartbeating (told REBALANCE_IN_PROGRESS) but never rejoins.
        for (int i = 0; i < 5; i++) {
            timers.advance(REBALANCE / 6);
            assertThat(heartbeat(b, 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        }
        assertThat(aJoin).isNotDone();
        timers.advance(REBALANCE / 6);

        assertThat(aJoin.join().generationId()).isEqualTo(3);
        assertThat(aJoin.join().members()).hasSize(2);
        assertThat(c.join().errorCode()).isZero();
        assertThat(heartbeat(b, 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void followersWaitingForALeaderThatNeverSyncsAreRebalanced() {
        var a = newMember().join();
        var b = newMember();
        var a2 = join(a.memberId()).join();
        var b2 = b.join();
        var bSync = sync(b2.memberId(), a2.generationId(), List.of());

        // The leader stays alive (heartbeats) but never sends its assignment.
        for (int waited = 0; waited < REBALANCE; waited += SESSION / 2) {
            assertThat(bSync).isNotDone();
            assertThat(heartbeat(a.memberId(), a2.generationId())).isEqualTo(Errors.NONE);
            timers.advance(SESSION / 2);
        }

        assertThat(bSync.join().errorCode()).isEqualTo(Errors.REBALANCE_IN_PROGRESS.code());
        assertThat(heartbeat(a.memberId(), a2.generationId())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        var b3 = join(b2.memberId()).join();
        assertThat(Errors.forCode(b3.errorCode())).isEqualTo(Errors.NONE);
        assertThat(b3.leader()).isEqualTo(b2.memberId());
    }

    @Test
    void aMemberWaitingInAJoinOutlivesItsSessionTimeout() {
        var pair = stablePair();
        String a = pair.get(0);
        String b = pair.get(1);
        newMember();
        assertThat(heartbeat(a, 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        var aJoin = join(a);
        // A heartbeat that was on its way when a joined restarts a's session.
        assertThat(heartbeat(a, 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);

        // Two session timeouts pass while b takes its time (it is within the rebalance timeout).
        for (int i = 0; i < 4; i++) {
            timers.advance(SESSION / 2);
            assertThat(heartbeat(b, 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        }
        var bJoin = join(b);

        assertThat(aJoin.join().errorCode()).isZero();
        assertThat(bJoin.join().errorCode()).isZero();
        assertThat(aJoin.join().members()).hasSize(3);
    }

    @Test
    void aStaleGenerationCannotCommit() {
        var pair = stablePair();

        assertThat(coordinator.validateCommit("g", 2, pair.get(0))).isEqualTo(Errors.NONE);
        assertThat(coordinator.validateCommit("g", 1, pair.get(0)))
                .isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(coordinator.validateCommit("g", 2, "stranger"))
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(coordinator.validateCommit("g", -1, "")).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(coordinator.validateCommit("nogroup", -1, "")).isEqualTo(Errors.NONE);
        assertThat(coordinator.validateCommit("nogroup", 3, "m"))
                .isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    @Test
    void aCommitDuringTheJoinPhaseWithTheOldGenerationIsTaken() {
        var pair = stablePair();
        newMember();

        // Consumers commit what they consumed before rejoining (onPartitionsRevoked).
        assertThat(coordinator.validateCommit("g", 2, pair.get(0))).isEqualTo(Errors.NONE);
    }

    @Test
    void sessionTimeoutsOutsideTheBoundsAreRefused() {
        var settings = new GroupSettings(Duration.ofSeconds(6), Duration.ofSeconds(60), 1000, 4096);
        try (var bounded = new GroupCoordinator(settings, timers)) {
            var tooShort = joinRequest("").setSessionTimeoutMs(5_999);
            var tooLong = joinRequest("").setSessionTimeoutMs(60_001);
            var caller = new Caller("c", "h");
            assertThat(bounded.join(tooShort, caller, true).join().errorCode())
                    .isEqualTo(Errors.INVALID_SESSION_TIMEOUT.code());
            assertThat(bounded.join(tooLong, caller, true).join().errorCode())
                    .isEqualTo(Errors.INVALID_SESSION_TIMEOUT.code());
        }
    }

    @Test
    void aMemberWithNoProtocolInCommonIsRefused() {
        newMember("range").join();

        var other = join("", "roundrobin").join();
        assertThat(other.errorCode()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL.code());
    }

    @Test
    void theProtocolEveryMemberSupportsWinsTheVote() {
        var a = newMember("cooperative-sticky", "range").join();
        var b = newMember("range", "cooperative-sticky");
        var c = newMember("range");
        var a2 = join(a.memberId(), "cooperative-sticky", "range");

        assertThat(a2.join().protocolName()).isEqualTo("range");
        assertThat(b.join().protocolName()).isEqualTo("range");
        assertThat(c.join().protocolName()).isEqualTo("range");
    }

    @Test
    void aMemberIdThatIsNeverUsedIsForgotten() {
        var first = join("").join();
        timers.advance(SESSION);

        assertThat(join(first.memberId()).join().errorCode())
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(coordinator.describe("g")).isEmpty();
    }

    @Test
    void theGroupIsForgottenWhenItsLastMemberLeaves() {
        var a = newMember().join();
        coordinator.leave("g", a.memberId(), null);

        assertThat(coordinator.describe("g")).isEmpty();
        assertThat(coordinator.list()).isEmpty();
    }

    /** Two members, stable in generation 2; returns [leader, follower]. */
    List<String> stablePair() {
        var a = newMember().join();
        var bJoin = newMember();
        var a2 = join(a.memberId()).join();
        var b2 = bJoin.join();
        var bSync = sync(b2.memberId(), 2, List.of());
        sync(a2.memberId(), 2, List.of(assign(a2.memberId(), "p0"), assign(b2.memberId(), "p1")))
                .join();
        assertThat(bSync.join().errorCode()).isZero();
        return List.of(a2.memberId(), b2.memberId());
    }
}
