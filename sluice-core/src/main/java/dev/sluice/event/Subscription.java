package dev.sluice.event;

/**
 * A subscriber's hold on one channel. Cancelling it stops deliveries: events already queued for it
 * are discarded (a delivery in progress finishes), and nothing published afterwards reaches it.
 */
public interface Subscription extends AutoCloseable {

    /** The channel subscribed to. */
    String channel();

    /** Stops deliveries and discards what is queued; cancelling again does nothing. */
    void cancel();

    /** Events waiting to be delivered now. */
    int queued();

    /** The same as {@link #cancel()}. */
    @Override
    default void close() {
        cancel();
    }
}
