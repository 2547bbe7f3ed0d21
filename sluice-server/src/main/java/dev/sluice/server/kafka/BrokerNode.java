package dev.sluice.server.kafka;

/**
 * This broker as clients reach it: the one node of a one-node cluster, leader of every partition
 * and coordinator of every group.
 *
 * @param nodeId the node id answered in Metadata and FindCoordinator
 * @param host the advertised host ({@code kafka.advertised_host})
 * @param port the advertised port (the port the listener is bound to)
 * @param clusterId the cluster id answered in Metadata
 */
public record BrokerNode(int nodeId, String host, int port, String clusterId) {}
