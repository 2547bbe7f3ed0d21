package dev.sluice.internal.services.events;

import dev.sluice.event.Event;

/** How one subscriber takes an event, on a bus thread. */
@FunctionalInterface
public interface Delivery {

    /**
     * Delivers one event, under the subscriber's own limits.
     *
     * @return null when the subscriber took it, else why it did not (its call failed, it is
     *     disabled or Failed); the bus counts it and goes on with the next event
     */
    String deliver(Event event);
}
