package dev.sluice.server.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses values as settings files write them: sizes ({@code 64MiB}), durations ({@code 100ms}) and
 * choices ({@code interpreter}). Public so the command line's flags take the same syntax and give
 * the same messages; each failure is an {@link IllegalArgumentException} whose message says what
 * was found and what was expected, ready to follow a file and key or a flag's name.
 */
public final class Units {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-zA-Zµ]*)");

    private static final String SIZE_HINT = "a number with a unit such as 64MiB, 512KiB or 1GB";
    private static final String DURATION_HINT = "a number with a unit such as 100ms, 2s or 1500us";

    private Units() {}

    /** Bytes; a bare number is bytes. */
    public static long parseSize(String text) {
        var m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw notA("size", text, SIZE_HINT);
        }
        try {
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
                        default -> throw notA("size", text, SIZE_HINT);
                    };
            return Math.multiplyExact(n, unit);
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            throw notA("size", text, SIZE_HINT);
        }
    }

    /** A duration that fits in a {@code long} of nanoseconds; a bare number is milliseconds. */
    public static Duration parseDuration(String text) {
        var m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw notA("duration", text, DURATION_HINT);
        }
        try {
            long n = Long.parseLong(m.group(1));
            Duration d =
                    switch (m.group(2).toLowerCase(Locale.ROOT)) {
                        case "", "ms" -> Duration.ofMillis(n);
                        case "us", "µs" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
                        case "s" -> Duration.ofSeconds(n);
                        case "m", "min" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        case "d" -> Duration.ofDays(n);
                        default -> throw notA("duration", text, DURATION_HINT);
                    };
            d.toNanos(); // limits are armed in nanoseconds: this throws beyond their range
            return d;
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            throw notA("duration", text, DURATION_HINT);
        }
    }

    /** One of {@code type}'s constants, by name in any case ({@code reject}, {@code REJECT}). */
    public static <E extends Enum<E>> E parseChoice(String text, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.trim())) {
                return constant;
            }
        }
        var names = new ArrayList<String>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not one of " + String.join(", ", names));
    }

    private static IllegalArgumentException notA(String kind, String text, String hint) {
        return new IllegalArgumentException(
                "'" + text + "' is not a " + kind + " (expected " + hint + ")");
    }
}
