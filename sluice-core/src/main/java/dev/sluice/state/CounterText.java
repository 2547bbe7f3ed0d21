package dev.sluice.state;

import java.nio.charset.StandardCharsets;

/**
 * How {@code increment} keeps a counter: as its decimal text (what {@code get} then returns, and
 * what Redis's {@code HINCRBY} keeps), so every store answers alike.
 */
public final class CounterText {

    private CounterText() {}

    /** The counter a value holds; an absent value counts as 0. */
    public static long parse(String namespace, String key, byte[] value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw notACounter(namespace, key);
        }
    }

    /** {@code current + delta}, or an error when it leaves the s64 range. */
    public static long add(String namespace, String key, long current, long delta) {
        try {
            return Math.addExact(current, delta);
        } catch (ArithmeticException e) {
            throw new StateException(
                    StateException.Reason.NOT_A_COUNTER,
                    "state.increment of key '"
                            + key
                            + "' of plugin "
                            + namespace
                            + " by "
                            + delta
                            + " would overflow a signed 64-bit counter; nothing was written");
        }
    }

    public static byte[] encode(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    public static StateException notACounter(String namespace, String key) {
        return new StateException(
                StateException.Reason.NOT_A_COUNTER,
                "state.increment: the value at key '"
                        + key
                        + "' of plugin "
                        + namespace
                        + " is not a counter (a decimal signed 64-bit integer); set it to one or"
                        + " delete it first");
    }
}
