package dev.sluice.server.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parses the sizes and durations settings files use: {@code 64MiB}, {@code 100ms}. */
final class Units {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-zA-Zµ]*)");

    static final String SIZE_HINT = "a number with a unit such as 64MiB, 512KiB or 1GB";
    static final String DURATION_HINT = "a number with a unit such as 100ms, 2s or 1500us";

    private Units() {}

    /** Bytes; a bare number is bytes. */
    static long parseSize(String text) {
        var m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size");
        }
        long n = Long.parseLong(m.group(1));
        long unit =
                switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "", "b" -> 1L;
                    case "k", "kb" -> 1000L;
                    case "kib" -> 1024L;
                    case "m", "mb" -> 1000L * 1000;
                    case "mib" -> 1024L * 1024;
                    case "g", "gb" -> 1000L * 1000 * 1000;
                    case "gib" -> 1024L * 1024 * 1024;
                    default -> throw new IllegalArgumentException("'" + text + "' is not a size");
                };
        return Math.multiplyExact(n, unit);
    }

    /** A duration; a bare number is milliseconds. */
    static Duration parseDuration(String text) {
        var m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "ms" -> Duration.ofMillis(n);
            case "us", "µs" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
            case "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            default -> throw new IllegalArgumentException("'" + text + "' is not a duration");
        };
    }
}
