package dev.sluice.internal.services.events;

import dev.sluice.event.Event;
import dev.sluice.event.Subscription;
import dev.sluice.internal.services.Permission;
import dev.sluice.internal.services.ServiceMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber on one channel: a bounded queue of what was published and not yet delivered, and
 * at most one bus thread at a time delivering from it, oldest first — so the subscriber sees the
 * channel's events in publish order and never two at once.
 *
 * <p>Publishing only appends (or drops the newest when the queue is full) and, when no thread is
 * serving the queue, hands it to the bus's executor: the publisher never waits for a subscriber.
 */
final class Subscriber implements Subscription, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger("sluice.events");

    /** Events one turn delivers before the thread goes to another subscriber (fairness). */
    private static final int TURN = 64;

    private final String channel;
    private final String name;
    private final ServiceMetrics metrics;
    private final Map<String, String> labels;
    private final Delivery delivery;
    // Resolved once: a delivery counts without looking its counter up. Drops and failures are
    // rare and counted by name, so their series appear only once something was dropped or failed.
    private final LongAdder delivered;
    private final int capacity;
    private final Executor executor;
    private final Consumer<Subscriber> onCancel;
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final LongSupplier lag = size::get;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean dropReported = new AtomicBoolean();
    private volatile boolean cancelled;

    Subscriber(
            String channel,
            String name,
            ServiceMetrics metrics,
            Delivery delivery,
            int capacity,
            Executor executor,
            Consumer<Subscriber> onCancel) {
        this.channel = channel;
        this.name = name;
        this.metrics = metrics;
        this.labels = Map.of("channel", channel);
        this.delivery = delivery;
        this.delivered = metrics.counter(Permission.EVENTS, "delivered", labels);
        this.capacity = capacity;
        this.executor = executor;
        this.onCancel = onCancel;
        metrics.gauge(Permission.EVENTS, "lag", labels, lag);
    }

    /**
     * Queues an event; false when it was dropped (queue full) or the subscription is over. The
     * caller then {@link #schedule()}s this subscriber, once for all it queued.
     */
    boolean offer(Event event) {
        if (cancelled) {
            return false;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            metrics.count(Permission.EVENTS, "dropped", labels, 1);
            if (dropReported.compareAndSet(false, true)) {
                LOG.warn(
                        "subscriber {} of channel {} is {} events behind (events.queue_capacity):"
                                + " newer events are dropped for it until it catches up (logged"
                                + " once; every drop is counted in sluice_events_dropped_total)",
                        name,
                        channel,
                        capacity);
            }
            return false;
        }
        queue.offer(event);
        return true;
    }

    /** Hands this subscriber to a bus thread unless one is serving it already. */
    void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this);
            } catch (RejectedExecutionException e) {
                // The bus is closing: nothing will be delivered any more.
                scheduled.set(false);
                discard();
            }
        }
    }

    /** One turn on a bus thread: up to {@link #TURN} events, then back in line if more wait. */
    @Override
    public void run() {
        try {
            for (int i = 0; i < TURN && !cancelled; i++) {
                Event event = queue.poll();
                if (event == null) {
                    break;
                }
                size.decrementAndGet();
                deliver(event);
            }
        } finally {
            scheduled.set(false);
            if (cancelled) {
                discard();
            } else if (!queue.isEmpty()) {
                // Also covers an event queued after the last poll, whose schedule() found us busy.
                schedule();
            }
        }
    }

    private void deliver(Event event) {
        String failure;
        try {
            failure = delivery.deliver(event);
        } catch (RuntimeException e) {
            failure = e.toString();
        }
        if (failure == null) {
            delivered.increment();
        } else {
            metrics.count(Permission.EVENTS, "failed", labels, 1);
            LOG.debug("event on {} not delivered to {}: {}", channel, name, failure);
        }
    }

    /** Throws away what is queued; a racing offer after cancel finds {@code cancelled} set. */
    private void discard() {
        int discarded = 0;
        while (queue.poll() != null) {
            size.decrementAndGet();
            discarded++;
        }
        if (discarded > 0) {
            LOG.debug(
                    "subscriber {} of channel {}: {} queued events discarded",
                    name,
                    channel,
                    discarded);
        }
    }

    @Override
    public String channel() {
        return channel;
    }

    /** Who subscribed: a plugin's name, or {@link Event#APPLICATION}. */
    String name() {
        return name;
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        onCancel.accept(this);
        metrics.removeGauge(Permission.EVENTS, "lag", labels, lag);
        discard();
    }

    @Override
    public int queued() {
        return size.get();
    }

    @Override
    public String toString() {
        return name + " on " + channel;
    }
}
