package dev.sluice.plugin;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What became of one host event ({@code Sluice.dispatch}): which plugins' hooks for it ran and
 * returned, and which did not get it, each with the reason (its hook failed, it is Failed, it was
 * busy, the payload is above its {@code max_record_bytes}). Plugins without a hook for the event
 * appear in neither.
 *
 * @param event the event's name
 * @param delivered plugins whose hook ran and returned, in chain order
 * @param failed plugins that have a hook for the event but did not take it, by name, with why, in
 *     chain order
 */
public record EventDelivery(String event, List<String> delivered, Map<String, String> failed) {

    public EventDelivery {
        Objects.requireNonNull(event, "event");
        delivered = List.copyOf(delivered);
        failed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failed));
    }

    /** How many plugins have a hook for the event: those it reached and those it did not. */
    public int hooks() {
        return delivered.size() + failed.size();
    }
}
