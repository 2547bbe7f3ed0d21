package dev.sluice.component.wasi;

import dev.sluice.component.Linker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** {@code wasi:clocks}: the wall clock and a monotonic clock with pollables. */
final class Clocks {

    private static final String WALL = "wasi:clocks/wall-clock@0.2.0";
    private static final String MONOTONIC = "wasi:clocks/monotonic-clock@0.2.0";

    private final Streams streams;
    private final LongSupplier wallNanos;

    Clocks(Streams streams, LongSupplier wallNanos) {
        this.streams = streams;
        this.wallNanos = wallNanos;
    }

    void define(Linker linker) {
        linker.function(WALL, "now", a -> datetime(wallNanos.getAsLong()));
        linker.function(WALL, "resolution", a -> datetime(1));

        linker.function(MONOTONIC, "now", a -> streams.now());
        linker.function(MONOTONIC, "resolution", a -> 1L);
        linker.function(MONOTONIC, "subscribe-instant", a -> new Streams.Pollable((Long) a[0]));
        linker.function(
                MONOTONIC,
                "subscribe-duration",
                a -> new Streams.Pollable(saturatingAdd(streams.now(), (Long) a[0])));
    }

    /** {@code record datetime { seconds: u64, nanoseconds: u32 }}. */
    private static Map<String, Object> datetime(long nanos) {
        var record = new LinkedHashMap<String, Object>();
        record.put("seconds", Math.floorDiv(nanos, 1_000_000_000L));
        record.put("nanoseconds", Math.floorMod(nanos, 1_000_000_000L));
        return record;
    }

    /** Durations are u64: a huge one means "never", not an overflow into the past. */
    private static long saturatingAdd(long now, long duration) {
        long sum = now + duration;
        return duration < 0 || sum < 0 ? Long.MAX_VALUE : sum;
    }
}
