package dev.sluice.server.kafka.group;

/**
 * Who sent a group request, as the request header and connection say.
 *
 * @param clientId the header's client id (a new member's id starts with it, as in Kafka)
 * @param clientHost the peer's address, shown by DescribeGroups
 */
public record Caller(String clientId, String clientHost) {
    public Caller {
        clientId = clientId == null ? "" : clientId;
        clientHost = clientHost == null ? "" : clientHost;
    }
}
