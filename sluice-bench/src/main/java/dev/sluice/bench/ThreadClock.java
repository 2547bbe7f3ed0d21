package dev.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The calling thread's time on a CPU and time runnable but waiting for one, in nanoseconds, from
 * Linux's {@code /proc/thread-self/schedstat}. Cheap enough to read before anything else is loaded
 * (the JVM's management beans take tens of milliseconds to start, which would be measured).
 */
final class ThreadClock {

    private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

    private ThreadClock() {}

    /** {on CPU, waiting for a CPU}, or {-1, -1} where the kernel does not say. */
    static long[] read() {
        try {
            String[] fields =
                    new String(Files.readAllBytes(SCHEDSTAT), StandardCharsets.US_ASCII)
                            .trim()
                            .split(" ");
            return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** Milliseconds of field {@code which} between two readings, or NaN if either is missing. */
    static double millis(long[] before, long[] after, int which) {
        if (before[which] < 0 || after[which] < 0) {
            return Double.NaN;
        }
        return (after[which] - before[which]) / 1e6;
    }

    /** A JSON number with three decimals, or null for NaN. */
    static String json(double millis) {
        return Double.isNaN(millis) ? "null" : String.format(Locale.ROOT, "%.3f", millis);
    }
}
