package dev.sluice.server.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The Kafka protocol listener ({@code kafka_port}, {@code kafka:}).
 *
 * @param enabled whether the listener runs ({@code kafka_port: 0} turns it off)
 * @param port the port; in settings made in code, 0 picks a free one
 * @param advertisedHost the host Metadata tells clients to connect to ({@code
 *     kafka.advertised_host}); empty for the bind address, or this machine's name when bound to
 *     every address
 * @param autoCreateTopics whether producing to (or asking Metadata, when the client allows it, for)
 *     a topic that does not exist creates it ({@code kafka.auto_create_topics})
 * @param defaultPartitions the partitions of an auto-created topic, and of one created without a
 *     count ({@code kafka.default_partitions})
 * @param maxRequestBytes the largest request accepted; a larger one closes the connection ({@code
 *     kafka.max_request_bytes})
 * @param idleTimeout connections idle this long are closed ({@code kafka.idle_timeout})
 */
public record KafkaSettings(
        boolean enabled,
        int port,
        Optional<String> advertisedHost,
        boolean autoCreateTopics,
        int defaultPartitions,
        int maxRequestBytes,
        Duration idleTimeout) {

    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 100 * 1024 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    public KafkaSettings {
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("defaultPartitions must be >= 1");
        }
    }

    /** No Kafka listener (settings made in code default to this). */
    public static KafkaSettings off() {
        return new KafkaSettings(
                false,
                DEFAULT_PORT,
                Optional.empty(),
                true,
                1,
                DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_IDLE_TIMEOUT);
    }

    /** The listener on {@code port} (0: a free one) with the default limits. */
    public static KafkaSettings on(int port) {
        return new KafkaSettings(
                true,
                port,
                Optional.empty(),
                true,
                1,
                DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_IDLE_TIMEOUT);
    }

    /** The same settings on another port; 0 turns the listener off, as {@code kafka_port: 0}. */
    public KafkaSettings withPort(int port) {
        return new KafkaSettings(
                port != 0,
                port,
                advertisedHost,
                autoCreateTopics,
                defaultPartitions,
                maxRequestBytes,
                idleTimeout);
    }
}
