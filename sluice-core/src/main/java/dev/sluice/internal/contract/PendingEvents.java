package dev.sluice.internal.contract;

import dev.sluice.event.Event;
import dev.sluice.internal.services.Permission;
import dev.sluice.record.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * The events one call of an instance published, held back until the call succeeds: a call that
 * traps, times out or answers garbage publishes none of them, so a record rejected by a failure
 * cannot have announced anything. One mechanism for both contracts that publish: OurChat's {@code
 * emit_event} and the sluice world's {@code events.publish}.
 *
 * <p>Bounded per call: at most {@code maxEvents} events and {@link #MAX_BYTES_PER_CALL} bytes of
 * payload. OurChat's events over the count are dropped and reported in one line when the call is
 * published (emit_event cannot answer); the sluice world's get an error at once.
 *
 * <p>What is held is cleared when it is published. A call that fails leaves its events here, but
 * the runtime never uses an instance again after a failed call, so they go with it. (Clearing at
 * each hook instead would lose the events of {@code on_plugin_load} when a new instance also runs
 * the enable hook before the runtime publishes both.)
 *
 * <p>Not thread-safe: an instance is used by one thread at a time.
 */
public final class PendingEvents {

    /** OurChat's documented bound. */
    public static final int MAX_EVENTS_PER_CALL = 16;

    /** The payload one call may hold back in all, so a batch cannot pin much heap. */
    public static final long MAX_BYTES_PER_CALL = 1024 * 1024;

    /** An OurChat event also carries a type code and text for the application's listener. */
    private record OurChatEvent(int type, String data) {}

    private final PluginContext context;
    private final int maxEvents;

    /** Held for the bus, in order: the sluice world's, or OurChat's with {@link #ourChat}. */
    private final List<Event> pending = new ArrayList<>();

    /** OurChat's events, index for index with {@link #pending}; empty for the sluice world. */
    private final List<OurChatEvent> ourChat = new ArrayList<>();

    private long bytes;
    private int dropped;

    /** OurChat's bound: {@link #MAX_EVENTS_PER_CALL}. */
    public PendingEvents(PluginContext context) {
        this(context, MAX_EVENTS_PER_CALL);
    }

    public PendingEvents(PluginContext context, int maxEvents) {
        this.context = context;
        this.maxEvents = maxEvents;
    }

    /**
     * Holds an OurChat event; {@code data} must already be cut to {@link
     * PluginText#MAX_LINE_BYTES}. It goes to the application's listener when the call succeeds, and
     * onto the bus as channel {@code "<type>"} if the plugin may publish there.
     */
    public void add(int type, String data) {
        var payload = Bytes.utf8(data);
        if (pending.size() >= maxEvents || bytes + payload.length() > MAX_BYTES_PER_CALL) {
            dropped++;
            return;
        }
        bytes += payload.length();
        pending.add(new Event(Integer.toString(type), context.name(), payload));
        ourChat.add(new OurChatEvent(type, data));
    }

    /**
     * Holds a sluice-world event if the plugin may publish it.
     *
     * @return null when held, else the error the plugin gets (the permission it lacks, the size
     *     limit, the per-call bound)
     */
    public String offer(String channel, byte[] payload) {
        var grant = context.permissions();
        if (grant.publish().isEmpty()) {
            return context.denials().deny(Permission.EVENTS);
        }
        if (!grant.mayPublish(channel)) {
            return context.denials()
                    .deny(
                            Permission.EVENTS,
                            "plugin "
                                    + context.name()
                                    + " may not publish on channel '"
                                    + PluginText.forLog(channel, 128)
                                    + "': it is not in plugins."
                                    + context.name()
                                    + ".permissions.events.publish "
                                    + grant.publish().stream().sorted().toList());
        }
        if (payload.length > context.bus().limits().maxPayloadBytes()) {
            return context.bus()
                    .payloadProblem("plugin " + context.name(), channel, payload.length);
        }
        if (pending.size() >= maxEvents || bytes + payload.length > MAX_BYTES_PER_CALL) {
            return "plugin "
                    + context.name()
                    + " published more than "
                    + maxEvents
                    + " events or "
                    + MAX_BYTES_PER_CALL
                    + " bytes in one call; this one was not published";
        }
        bytes += payload.length;
        pending.add(new Event(channel, context.name(), Bytes.wrap(payload)));
        return null;
    }

    /** The call succeeded: publishes what it held, in order. */
    public void publish() {
        if (pending.isEmpty() && dropped == 0) {
            return;
        }
        if (ourChat.isEmpty()) {
            context.bus().publishAll(pending, context.serviceMetrics());
        } else {
            for (int i = 0; i < pending.size(); i++) {
                publishOurChat(ourChat.get(i), pending.get(i));
            }
        }
        if (dropped > 0) {
            context.reportDroppedEvents(dropped, maxEvents);
        }
        pending.clear();
        ourChat.clear();
        bytes = 0;
        dropped = 0;
    }

    /** To the application's listener always; onto the bus as channel "type" if granted. */
    private void publishOurChat(OurChatEvent e, Event onBus) {
        context.publish(e.type(), e.data());
        var grant = context.permissions();
        if (grant.mayPublish(onBus.channel())) {
            context.bus().publish(onBus, context.serviceMetrics());
        } else if (!grant.publish().isEmpty()) {
            // A plugin granted some channels but not this one: say so. One granted none uses
            // emit_event for the application's listener only, as OurChat plugins always have.
            context.denials()
                    .deny(
                            Permission.EVENTS,
                            "plugin "
                                    + context.name()
                                    + " emitted event type "
                                    + e.type()
                                    + ", but channel '"
                                    + onBus.channel()
                                    + "' is not in plugins."
                                    + context.name()
                                    + ".permissions.events.publish; it reached the application's"
                                    + " listener only");
        }
    }
}
