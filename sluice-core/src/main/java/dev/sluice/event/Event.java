package dev.sluice.event;

import dev.sluice.record.Bytes;
import java.util.Objects;

/**
 * One event on the bus, as every subscriber of its channel receives it.
 *
 * @param channel the channel it was published on
 * @param publisher the publishing plugin's name, or {@link #APPLICATION} when the embedding
 *     application published it ({@code Sluice.publish})
 * @param payload what was published, as it was published
 */
public record Event(String channel, String publisher, Bytes payload) {

    /** The publisher of what the embedding application publishes; no plugin is named so. */
    public static final String APPLICATION = "(application)";

    public Event {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(payload, "payload");
    }
}
