package dev.sluice.internal.runtime;

import dev.sluice.event.Event;
import dev.sluice.event.Subscription;
import dev.sluice.internal.services.ServiceMetrics;
import dev.sluice.internal.services.events.Delivery;
import dev.sluice.internal.services.events.EventBus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bus channels a plugin is subscribed to, which outlive its versions: the version that replaces
 * it takes over, at the hand-over, the subscriptions it wants too, instead of subscribing beside
 * the old one. Two subscriptions of one plugin during the overlap would deliver every event
 * published then to both versions, and cancelling the old one would throw away what was queued for
 * it.
 *
 * <p>Changed only under the owning plugin's transitions lock; deliveries read the target without
 * one.
 */
final class Subscriptions {

    /** A subscription whose deliveries go to whichever version holds it now. */
    private static final class Routed implements Delivery {
        private final Subscription subscription;
        private volatile Delivery target;

        Routed(EventBus bus, String channel, String name, ServiceMetrics metrics, Delivery to) {
            this.target = to;
            this.subscription = bus.subscribe(channel, name, metrics, this);
        }

        @Override
        public String deliver(Event event) {
            return target.deliver(event);
        }
    }

    private final Map<String, Routed> byChannel;

    private Subscriptions(Map<String, Routed> byChannel) {
        this.byChannel = byChannel;
    }

    static Subscriptions none() {
        return new Subscriptions(Map.of());
    }

    /** Subscribes to each of {@code channels} (names already checked), delivering to {@code to}. */
    static Subscriptions subscribe(
            EventBus bus, String name, ServiceMetrics metrics, List<String> channels, Delivery to) {
        return none().handOver(bus, name, metrics, channels, to);
    }

    /**
     * Gives the channels of {@code channels} that are subscribed already to {@code to}, subscribes
     * it to the others, and cancels what it does not want.
     *
     * @return the subscriptions {@code to}'s version holds from now on; this holds none
     */
    Subscriptions handOver(
            EventBus bus, String name, ServiceMetrics metrics, List<String> channels, Delivery to) {
        var next = new LinkedHashMap<String, Routed>();
        for (String channel : channels) {
            var kept = byChannel.get(channel);
            if (kept != null) {
                kept.target = to;
                next.put(channel, kept);
            } else if (!next.containsKey(channel)) {
                next.put(channel, new Routed(bus, channel, name, metrics, to));
            }
        }
        byChannel.forEach(
                (channel, routed) -> {
                    if (!next.containsKey(channel)) {
                        routed.subscription.cancel();
                    }
                });
        return new Subscriptions(Collections.unmodifiableMap(next));
    }

    /** Cancels every subscription (the plugin is unloaded); what was queued is discarded. */
    void cancel() {
        byChannel.values().forEach(r -> r.subscription.cancel());
    }

    /** The channels subscribed to, for tests and status. */
    List<String> channels() {
        return List.copyOf(byChannel.keySet());
    }
}
