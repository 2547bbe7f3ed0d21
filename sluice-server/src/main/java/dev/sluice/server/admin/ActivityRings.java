package dev.sluice.server.admin;

import dev.sluice.plugin.PluginActivity;
import dev.sluice.plugin.PluginActivityListener;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last {@link #LOG_LINES} lines each plugin logged and its last {@link #FAILURES} failures, for
 * the management API's plugin detail. Bounded per plugin; a deleted plugin's rings are dropped.
 */
public final class ActivityRings implements PluginActivityListener {

    public static final int LOG_LINES = 200;
    public static final int FAILURES = 50;

    private final Map<String, Rings> byPlugin = new ConcurrentHashMap<>();

    private static final class Rings {
        final Ring<PluginActivity.Logged> logs = new Ring<>(LOG_LINES);
        final Ring<PluginActivity.Failed> failures = new Ring<>(FAILURES);
    }

    /** A bounded ring, oldest first; the newest pushes the oldest out. */
    private static final class Ring<T> {
        private final int capacity;
        private final ArrayDeque<T> items;

        Ring(int capacity) {
            this.capacity = capacity;
            this.items = new ArrayDeque<>(capacity);
        }

        synchronized void add(T item) {
            if (items.size() == capacity) {
                items.removeFirst();
            }
            items.addLast(item);
        }

        synchronized List<T> snapshot() {
            return List.copyOf(items);
        }
    }

    @Override
    public void onActivity(PluginActivity activity) {
        var rings = byPlugin.computeIfAbsent(activity.plugin(), n -> new Rings());
        // Java 17: no pattern switch; the interface is sealed to these two.
        if (activity instanceof PluginActivity.Logged logged) {
            rings.logs.add(logged);
        } else if (activity instanceof PluginActivity.Failed failed) {
            rings.failures.add(failed);
        }
    }

    /** A failure the management API saw itself (an upload rolled back), kept with the others. */
    void failed(PluginActivity.Failed failure) {
        onActivity(failure);
    }

    public List<PluginActivity.Logged> logs(String plugin) {
        var rings = byPlugin.get(plugin);
        return rings == null ? List.of() : rings.logs.snapshot();
    }

    public List<PluginActivity.Failed> failures(String plugin) {
        var rings = byPlugin.get(plugin);
        return rings == null ? List.of() : rings.failures.snapshot();
    }

    void forget(String plugin) {
        byPlugin.remove(plugin);
    }
}
