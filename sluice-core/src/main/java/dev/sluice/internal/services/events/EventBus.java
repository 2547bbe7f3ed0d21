package dev.sluice.internal.services.events;

import dev.sluice.event.Event;
import dev.sluice.event.EventLimits;
import dev.sluice.event.Subscription;
import dev.sluice.internal.contract.PluginText;
import dev.sluice.internal.services.Permission;
import dev.sluice.internal.services.ServiceMetrics;
import dev.sluice.plugin.Permissions;
import dev.sluice.record.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish/subscribe between plugins and the embedding application. Each subscriber has a bounded
 * queue per channel ({@link Subscriber}); a few bus threads deliver from the queues, so a publisher
 * only appends and never runs, or waits for, a subscriber.
 *
 * <p>Guarantees: a subscriber gets a channel's events in the order they were published, one at a
 * time; one that is slow or failing loses only its own events (dropped newest, counted), never
 * anyone else's; memory is bounded by {@code queue_capacity × max_payload_bytes} per subscription.
 */
public final class EventBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("sluice.events");

    private final EventLimits limits;
    private final ThreadPoolExecutor threads;
    private final ServiceMetrics application = new ServiceMetrics(Event.APPLICATION);

    /** Each channel's subscribers; a list is replaced whole, so publish reads it without a lock. */
    private final Map<String, List<Subscriber>> channels = new ConcurrentHashMap<>();

    public EventBus(EventLimits limits) {
        this.limits = limits;
        var counter = new AtomicInteger();
        // At most one task per subscription is ever queued, so the task queue is bounded too.
        this.threads =
                new ThreadPoolExecutor(
                        limits.threads(),
                        limits.threads(),
                        30,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        r -> {
                            var t = new Thread(r, "sluice-events-" + counter.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        threads.allowCoreThreadTimeOut(true);
    }

    public EventLimits limits() {
        return limits;
    }

    /** What the bus counted about the embedding application's own publishes and subscriptions. */
    public ServiceMetrics applicationMetrics() {
        return application;
    }

    /**
     * Why a payload of this size cannot be published, or null when it can.
     *
     * @param who the publisher, for the message
     */
    public String payloadProblem(String who, String channel, int bytes) {
        if (bytes <= limits.maxPayloadBytes()) {
            return null;
        }
        return who
                + " published "
                + bytes
                + " bytes on channel "
                + channel
                + ", more than the "
                + limits.maxPayloadBytes()
                + " an event may carry (events.max_payload_bytes); it was not published";
    }

    /** Published events, by channel. */
    private static final ServiceMetrics.Family PUBLISHED =
            new ServiceMetrics.Family(Permission.EVENTS, "published", "channel");

    /**
     * Queues an event for every subscriber of its channel, counted as published by its publisher.
     * Checked before: the publisher may publish there, and the payload fits.
     *
     * @return how many subscribers it was queued for (not those whose queue was full)
     */
    public int publish(Event event, ServiceMetrics publisher) {
        publisher.count(PUBLISHED, event.channel(), 1);
        var subscribers = channels.get(event.channel());
        if (subscribers == null) {
            return 0;
        }
        int queued = 0;
        for (var s : subscribers) {
            if (s.offer(event)) {
                queued++;
                s.schedule();
            }
        }
        return queued;
    }

    /**
     * Queues the events one call published, in order, as {@link #publish(Event, ServiceMetrics)}
     * does one by one, but hands each subscriber to a bus thread once for all of them: waking a
     * thread per event would cost the publisher more than queueing it.
     */
    public void publishAll(List<Event> events, ServiceMetrics publisher) {
        if (events.size() == 1) {
            publish(events.get(0), publisher);
            return;
        }
        List<Subscriber> touched = null;
        for (var event : events) {
            publisher.count(PUBLISHED, event.channel(), 1);
            var subscribers = channels.get(event.channel());
            if (subscribers == null) {
                continue;
            }
            for (var s : subscribers) {
                if (s.offer(event)) {
                    if (touched == null) {
                        touched = new ArrayList<>(4);
                    }
                    if (!touched.contains(s)) {
                        touched.add(s);
                    }
                }
            }
        }
        if (touched != null) {
            touched.forEach(Subscriber::schedule);
        }
    }

    /**
     * The embedding application publishes: any channel, no permission needed.
     *
     * @throws IllegalArgumentException when the channel is not a channel name or the payload is too
     *     large
     */
    public int publish(String channel, byte[] payload) {
        checkChannel(channel);
        String tooLarge = payloadProblem("the application", channel, payload.length);
        if (tooLarge != null) {
            throw new IllegalArgumentException(tooLarge);
        }
        return publish(new Event(channel, Event.APPLICATION, Bytes.copyOf(payload)), application);
    }

    /**
     * Subscribes a plugin (or anything with its own metrics) to a channel.
     *
     * @param name who subscribes, for logs
     * @param metrics where its deliveries, failures, drops and lag are counted
     */
    public Subscription subscribe(
            String channel, String name, ServiceMetrics metrics, Delivery delivery) {
        checkChannel(channel);
        var subscriber =
                new Subscriber(
                        channel,
                        name,
                        metrics,
                        delivery,
                        limits.queueCapacity(),
                        threads,
                        this::remove);
        channels.compute(
                channel,
                (c, list) -> {
                    var next = list == null ? new ArrayList<Subscriber>() : new ArrayList<>(list);
                    next.add(subscriber);
                    return List.copyOf(next);
                });
        return subscriber;
    }

    /**
     * The embedding application subscribes; a consumer that throws is logged (once per
     * subscription) and counted as a failed delivery, and gets the next event all the same.
     */
    public Subscription subscribe(String channel, Consumer<Event> consumer) {
        var failed = new AtomicBoolean();
        return subscribe(
                channel,
                Event.APPLICATION,
                application,
                event -> {
                    try {
                        consumer.accept(event);
                        return null;
                    } catch (RuntimeException e) {
                        if (failed.compareAndSet(false, true)) {
                            LOG.warn(
                                    "an application subscriber of channel {} threw {} (logged"
                                            + " once; counted in sluice_events_failed_total)",
                                    channel,
                                    e.toString());
                        }
                        return e.toString();
                    }
                });
    }

    private void remove(Subscriber subscriber) {
        channels.computeIfPresent(
                subscriber.channel(),
                (c, list) -> {
                    var next = new ArrayList<>(list);
                    next.remove(subscriber);
                    return next.isEmpty() ? null : List.copyOf(next);
                });
    }

    private static void checkChannel(String channel) {
        if (channel == null || !Permissions.isChannel(channel)) {
            throw new IllegalArgumentException(
                    "'"
                            + PluginText.forLog(String.valueOf(channel), 80)
                            + "' is not a channel name: "
                            + Permissions.CHANNEL_RULE);
        }
    }

    /** Subscribers of a channel now. */
    public int subscribers(String channel) {
        var list = channels.get(channel);
        return list == null ? 0 : list.size();
    }

    /** Cancels every subscription and stops the bus threads; queued events are discarded. */
    @Override
    public void close() {
        for (var list : List.copyOf(channels.values())) {
            for (var s : list) {
                s.cancel();
            }
        }
        threads.shutdownNow();
    }
}
