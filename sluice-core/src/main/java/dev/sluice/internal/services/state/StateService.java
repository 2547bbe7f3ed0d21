package dev.sluice.internal.services.state;

import dev.sluice.internal.services.Denials;
import dev.sluice.internal.services.Permission;
import dev.sluice.internal.services.ServiceMetrics;
import dev.sluice.plugin.Permissions;
import dev.sluice.state.StateException;
import dev.sluice.state.StateLimits;
import dev.sluice.state.StateStore;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One plugin's view of the state store, the same for every contract: checks the grant on every
 * call, keeps the plugin in its own namespace (its name) under its limits, and counts calls and
 * bytes ({@code sluice_state_calls_total{op}}, {@code _bytes_read_total}, {@code
 * _bytes_written_total}, {@code _errors_total{reason}}, the {@code keys} gauge).
 *
 * <p>Every refusal is a {@link StateRefused} carrying the message and code the plugin gets.
 */
public final class StateService {

    private final String plugin;
    private final StateStore store;

    /** Set anew when a reload brings other limits: the plugin's state outlives its versions. */
    private volatile StateLimits limits;

    private final Supplier<Permissions> grant;
    private final Denials denials;
    private final ServiceMetrics metrics;
    private final LongAdder gets;
    private final LongAdder sets;
    private final LongAdder deletes;
    private final LongAdder increments;
    private final LongAdder bytesRead;
    private final LongAdder bytesWritten;

    public StateService(
            String plugin,
            StateStore store,
            StateLimits limits,
            Supplier<Permissions> grant,
            Denials denials,
            ServiceMetrics metrics) {
        this.plugin = plugin;
        this.store = store;
        this.limits = limits;
        this.grant = grant;
        this.denials = denials;
        this.metrics = metrics;
        // Resolved once: a state call pays one adder increment, not a map lookup.
        this.gets = calls("get");
        this.sets = calls("set");
        this.deletes = calls("delete");
        this.increments = calls("increment");
        this.bytesRead = metrics.counter(Permission.STATE, "bytes_read", Map.of());
        this.bytesWritten = metrics.counter(Permission.STATE, "bytes_written", Map.of());
        metrics.gauge(Permission.STATE, "keys", Map.of(), () -> store.usage(plugin).keys());
    }

    private LongAdder calls(String op) {
        return metrics.counter(Permission.STATE, "calls", Map.of("op", op));
    }

    /** What the plugin may keep (an ABI checks sizes before it copies a key or value in). */
    public StateLimits limits() {
        return limits;
    }

    /** The limits from now on (a reload with other {@code state.*} settings). */
    public void limit(StateLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Refuses a key or value too large to copy in, as the store would, naming the limit. */
    public StateRefused tooLarge(String limit, long value, String what) {
        return refused(StateLimits.over(plugin, limit, value, what));
    }

    public Optional<byte[]> get(String key) {
        check(gets);
        try {
            var value = store.get(plugin, key);
            value.ifPresent(v -> bytesRead.add(v.length));
            return value;
        } catch (StateException e) {
            throw refused(e);
        }
    }

    public void set(String key, byte[] value) {
        check(sets);
        try {
            store.set(plugin, key, value, limits);
            bytesWritten.add(value.length);
        } catch (StateException e) {
            throw refused(e);
        }
    }

    public void delete(String key) {
        check(deletes);
        try {
            store.delete(plugin, key);
        } catch (StateException e) {
            throw refused(e);
        }
    }

    public long increment(String key, long delta) {
        check(increments);
        try {
            return store.increment(plugin, key, delta, limits);
        } catch (StateException e) {
            throw refused(e);
        }
    }

    /** Refuses the call unless state is granted now (the grant may change at any time). */
    private void check(LongAdder calls) {
        if (!grant.get().state()) {
            throw new StateRefused(StateRefused.DENIED, denials.deny(Permission.STATE));
        }
        calls.increment();
    }

    private StateRefused refused(StateException e) {
        String reason = e.reason().name().toLowerCase(Locale.ROOT);
        metrics.count(Permission.STATE, "errors", Map.of("reason", reason), 1);
        int code =
                switch (e.reason()) {
                    case LIMIT -> StateRefused.LIMIT;
                    case NOT_A_COUNTER -> StateRefused.NOT_A_COUNTER;
                    case UNAVAILABLE -> StateRefused.UNAVAILABLE;
                };
        return new StateRefused(code, e.getMessage());
    }
}
