package dev.sluice.internal.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * The events one call of an instance emitted, held back until the call succeeds: a call that traps
 * or times out publishes none of them, so a rejected-by-failure record cannot have announced
 * anything.
 *
 * <p>Bounded like log lines: at most {@link #MAX_EVENTS_PER_CALL} per call, each payload at most
 * {@link PluginText#MAX_LINE_BYTES} bytes (longer ones are cut, saying so); the events over the
 * count are dropped and reported in one line when the call is published.
 *
 * <p>What is held is cleared when it is published. A call that fails leaves its events here, but
 * the runtime never uses an instance again after a failed call, so they go with it. (Clearing at
 * each hook instead would lose the events of {@code on_plugin_load} when a new instance also runs
 * the enable hook before the runtime publishes both.)
 *
 * <p>Not thread-safe: an instance is used by one thread at a time.
 */
public final class PendingEvents {

    public static final int MAX_EVENTS_PER_CALL = 16;

    private record Pending(int type, String data) {}

    private final PluginContext context;
    private final List<Pending> pending = new ArrayList<>();
    private int dropped;

    public PendingEvents(PluginContext context) {
        this.context = context;
    }

    /** Holds an event; {@code data} must already be cut to {@link PluginText#MAX_LINE_BYTES}. */
    public void add(int type, String data) {
        if (pending.size() >= MAX_EVENTS_PER_CALL) {
            dropped++;
            return;
        }
        pending.add(new Pending(type, data));
    }

    /** The call succeeded: publishes what it emitted, in order. */
    public void publish() {
        for (var event : pending) {
            context.publish(event.type(), event.data());
        }
        if (dropped > 0) {
            context.reportDroppedEvents(dropped, MAX_EVENTS_PER_CALL);
        }
        pending.clear();
        dropped = 0;
    }
}
