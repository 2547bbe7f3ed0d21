package dev.sluice.state;

/**
 * What one plugin's state holds now.
 *
 * @param keys how many keys
 * @param bytes their keys' and values' bytes together (what {@link StateLimits#maxTotalBytes}
 *     bounds)
 */
public record StateUsage(long keys, long bytes) {}
