package dev.sluice.plugin;

import java.util.Arrays;

/**
 * How long a plugin's calls took (the guest's own run, from entering it to its return), as counts
 * in fixed buckets: four per power of two of nanoseconds, so a percentile is exact to within 19%. A
 * snapshot since the plugin was first loaded; {@link #since} gives the calls between two.
 */
public final class CallLatency {

    /** Buckets: 4 per power of two, up to 2^40 ns (about 18 minutes) and beyond in the last. */
    public static final int BUCKETS = 41 * 4;

    private final long[] counts;

    /**
     * @param counts calls per bucket, {@link #BUCKETS} of them (see {@link #bucket})
     */
    public CallLatency(long[] counts) {
        if (counts.length != BUCKETS) {
            throw new IllegalArgumentException(
                    "latency needs " + BUCKETS + " buckets, got " + counts.length);
        }
        this.counts = counts.clone();
    }

    /** No calls. */
    public static CallLatency empty() {
        return new CallLatency(new long[BUCKETS]);
    }

    /** The bucket a call of {@code nanos} falls in. */
    public static int bucket(long nanos) {
        if (nanos < 4) {
            return (int) Math.max(0, nanos);
        }
        int power = 63 - Long.numberOfLeadingZeros(nanos); // 2..62
        int quarter = (int) ((nanos >>> (power - 2)) & 3); // the two bits below the top one
        return Math.min(BUCKETS - 1, power * 4 + quarter);
    }

    /** The upper bound of a bucket, in nanoseconds. */
    static long upperNanos(int bucket) {
        if (bucket < 4) {
            return bucket;
        }
        int power = bucket / 4;
        int quarter = bucket % 4;
        return (1L << power) + ((long) (quarter + 1) << (power - 2)) - 1;
    }

    public long count() {
        return Arrays.stream(counts).sum();
    }

    /**
     * The latency at or below which {@code quantile} of the calls fell (0.5 for the median, 0.99
     * for p99), in milliseconds; 0 when there were no calls.
     */
    public double percentileMillis(double quantile) {
        if (quantile <= 0 || quantile > 1) {
            throw new IllegalArgumentException("quantile must be in (0, 1], was " + quantile);
        }
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperNanos(i) / 1e6;
            }
        }
        return upperNanos(BUCKETS - 1) / 1e6;
    }

    /** The calls made after {@code earlier} (a snapshot of the same plugin taken before). */
    public CallLatency since(CallLatency earlier) {
        long[] diff = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            diff[i] = Math.max(0, counts[i] - earlier.counts[i]);
        }
        return new CallLatency(diff);
    }
}
