package dev.sluice.state;

import java.util.Optional;

/**
 * Where plugins' key-value state lives: one namespace per plugin (its name), shared by all its
 * instances and kept across instance replacement, reloads and (for a durable store) restarts.
 *
 * <p>Implementations are safe for concurrent use. Each write checks the {@link StateLimits} it is
 * given atomically with the write: a refused write throws {@link StateException} and changes
 * nothing. {@link #increment} is atomic: concurrent increments of one key never lose an update.
 * What a call wrote is visible to every later call.
 */
public interface StateStore extends AutoCloseable {

    /**
     * The value at {@code key}, if any. The array is the caller's to read, never to modify.
     *
     * @throws StateException if the store failed
     */
    Optional<byte[]> get(String namespace, String key);

    /**
     * Sets {@code key} to {@code value}.
     *
     * @throws StateException when a limit refuses it (nothing is written) or the store failed
     */
    void set(String namespace, String key, byte[] value, StateLimits limits);

    /**
     * Removes {@code key}; removing an absent key is not an error.
     *
     * @return whether it was there
     */
    boolean delete(String namespace, String key);

    /**
     * Adds {@code delta} to the counter at {@code key} (absent counts as 0; see {@link
     * CounterText}) and returns the new value.
     *
     * @throws StateException when the value is not a counter, the sum overflows, a limit refuses a
     *     new key, or the store failed; nothing is written then
     */
    long increment(String namespace, String key, long delta, StateLimits limits);

    /** How many keys and bytes the namespace holds now. */
    StateUsage usage(String namespace);

    /** Releases the store's resources (a durable store writes what it holds). */
    @Override
    default void close() {}
}
