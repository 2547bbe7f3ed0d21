package dev.sluice.server.config;

import java.time.Duration;

/**
 * Bounds on the Kafka consumer groups the broker coordinates ({@code consumer_groups:} in the
 * settings file).
 *
 * @param minSessionTimeout {@code consumer_groups.min_session_timeout}: a member asking for a
 *     shorter session timeout is refused with INVALID_SESSION_TIMEOUT (Kafka's {@code
 *     group.min.session.timeout.ms}, default 6 s)
 * @param maxSessionTimeout {@code consumer_groups.max_session_timeout}: the same for a longer one
 *     (Kafka's {@code group.max.session.timeout.ms}, default 30 min)
 * @param maxMembers {@code consumer_groups.max_members}: a member joining a group that has this
 *     many is refused with GROUP_MAX_SIZE_REACHED (default 1000)
 * @param maxMetadataBytes {@code consumer_groups.max_offset_metadata}: the longest metadata text a
 *     commit may carry; a longer one gets OFFSET_METADATA_TOO_LARGE (Kafka's {@code
 *     offset.metadata.max.bytes}, default 4096)
 */
public record GroupSettings(
        Duration minSessionTimeout,
        Duration maxSessionTimeout,
        int maxMembers,
        int maxMetadataBytes) {

    public static final Duration DEFAULT_MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);
    public static final Duration DEFAULT_MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_MEMBERS = 1000;
    public static final int DEFAULT_MAX_METADATA_BYTES = 4096;

    public GroupSettings {
        if (minSessionTimeout.isNegative() || minSessionTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "consumer_groups.min_session_timeout must be positive, was "
                            + minSessionTimeout);
        }
        if (maxSessionTimeout.compareTo(minSessionTimeout) < 0) {
            throw new IllegalArgumentException(
                    "consumer_groups.max_session_timeout ("
                            + maxSessionTimeout
                            + ") must not be below min_session_timeout ("
                            + minSessionTimeout
                            + ")");
        }
        if (maxSessionTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "consumer_groups.max_session_timeout must be below 24 days, was "
                            + maxSessionTimeout);
        }
        if (maxMembers < 1) {
            throw new IllegalArgumentException(
                    "consumer_groups.max_members must be at least 1, was " + maxMembers);
        }
        if (maxMetadataBytes < 0) {
            throw new IllegalArgumentException(
                    "consumer_groups.max_offset_metadata must not be negative, was "
                            + maxMetadataBytes);
        }
    }

    public static GroupSettings defaults() {
        return new GroupSettings(
                DEFAULT_MIN_SESSION_TIMEOUT,
                DEFAULT_MAX_SESSION_TIMEOUT,
                DEFAULT_MAX_MEMBERS,
                DEFAULT_MAX_METADATA_BYTES);
    }
}
