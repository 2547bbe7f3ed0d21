package dev.sluice.server.kafka;

import java.net.SocketAddress;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * What a {@link KafkaApi} knows about the request besides its body.
 *
 * @param header the request header: API key and version, correlation id, client id
 * @param client the client's address (for log lines)
 * @param connectionId a number unique to the client's connection while the broker runs
 * @param broker this broker as clients reach it (what Metadata and FindCoordinator answer)
 */
public record RequestContext(
        RequestHeader header, SocketAddress client, long connectionId, BrokerNode broker) {

    /** The version the request was sent at, and its response is encoded at. */
    public short apiVersion() {
        return header.apiVersion();
    }

    /** The client's {@code client.id}; may be null or empty. */
    public String clientId() {
        return header.clientId();
    }
}
