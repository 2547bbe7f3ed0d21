package dev.sluice.server.kafka.group;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/** One member of a group; guarded by its group's lock. */
final class Member {

    /** A protocol the member supports, with its metadata (for the consumer: its subscription). */
    record Protocol(String name, byte[] metadata) {}

    final String id;
    final String instanceId;
    final String clientId;
    final String clientHost;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    List<Protocol> protocols;
    byte[] assignment = new byte[0];

    /** The member's JoinGroup waiting for the rebalance to complete, if any. */
    CompletableFuture<JoinGroupResponseData> awaitingJoin;

    /** The member's SyncGroup waiting for the leader's assignment, if any. */
    CompletableFuture<SyncGroupResponseData> awaitingSync;

    Timers.Timer session;

    Member(String id, String instanceId, Caller caller) {
        this.id = id;
        this.instanceId = instanceId;
        this.clientId = caller.clientId();
        this.clientHost = caller.clientHost();
    }

    byte[] metadata(String protocol) {
        for (var p : protocols) {
            if (p.name().equals(protocol)) {
                return p.metadata();
            }
        }
        return new byte[0];
    }

    boolean supports(String protocol) {
        return protocols.stream().anyMatch(p -> p.name().equals(protocol));
    }

    boolean sameProtocols(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!other.get(i).name().equals(protocols.get(i).name())
                    || !java.util.Arrays.equals(
                            other.get(i).metadata(), protocols.get(i).metadata())) {
                return false;
            }
        }
        return true;
    }
}
