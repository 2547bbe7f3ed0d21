package dev.sluice.plugin;

import java.util.Map;

/**
 * One metric the host keeps about a plugin's use of a service ({@code state}, {@code events},
 * {@code http}): calls, bytes, refusals, latencies. Names are the host's; labels are few and
 * bounded (an operation, a status code, a granted channel).
 */
public sealed interface ServiceMetric {

    String plugin();

    /** The service: {@code state}, {@code events} or {@code http}. */
    String service();

    String name();

    Map<String, String> labels();

    /** A count that only grows. */
    record Count(String plugin, String service, String name, Map<String, String> labels, long total)
            implements ServiceMetric {
        public Count {
            labels = Map.copyOf(labels);
        }
    }

    /** A level that goes up and down (events waiting for a subscriber). */
    record Gauge(String plugin, String service, String name, Map<String, String> labels, long value)
            implements ServiceMetric {
        public Gauge {
            labels = Map.copyOf(labels);
        }
    }

    /** Durations as a summary: how many, their sum and the longest, in nanoseconds. */
    record Timing(
            String plugin,
            String service,
            String name,
            Map<String, String> labels,
            long count,
            long totalNanos,
            long maxNanos)
            implements ServiceMetric {
        public Timing {
            labels = Map.copyOf(labels);
        }
    }
}
