package dev.sluice.state;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * State on the heap, the engine's default: kept across calls, instances and reloads of a plugin
 * within one engine, lost when the process ends. Bounded by each plugin's {@link StateLimits}.
 */
public final class InMemoryStateStore extends MapStateStore {

    @Override
    protected ConcurrentMap<String, byte[]> openMap(String namespace) {
        return new ConcurrentHashMap<>();
    }
}
