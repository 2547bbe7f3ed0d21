package dev.sluice.server.kafka;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The API keys the broker serves, each with its handler. The server fills it before the listener
 * starts (the broker's own APIs, then other packages' such as consumer groups); the listener
 * dispatches to it and ApiVersions advertises what it holds, so a key is served exactly when it is
 * registered here.
 */
public final class KafkaApis {

    private final Map<ApiKeys, KafkaApi> apis = new EnumMap<>(ApiKeys.class);
    private volatile boolean frozen;

    /**
     * Adds a handler.
     *
     * @throws IllegalStateException if its key already has one, or the listener has started
     * @throws IllegalArgumentException if its version range is empty or outside what kafka-clients'
     *     message class can decode
     */
    public synchronized KafkaApis register(KafkaApi api) {
        if (frozen) {
            throw new IllegalStateException(
                    "cannot register " + api.key() + ": the Kafka listener has started");
        }
        var key = api.key();
        if (api.minVersion() > api.maxVersion()
                || api.minVersion() < key.oldestVersion()
                || api.maxVersion() > key.latestVersion()) {
            throw new IllegalArgumentException(
                    key
                            + " handler "
                            + api.getClass().getName()
                            + " claims versions "
                            + api.minVersion()
                            + " to "
                            + api.maxVersion()
                            + "; kafka-clients decodes "
                            + key.oldestVersion()
                            + " to "
                            + key.latestVersion());
        }
        var existing = apis.putIfAbsent(key, api);
        if (existing != null) {
            throw new IllegalStateException(
                    key
                            + " is served by "
                            + existing.getClass().getName()
                            + " already; cannot register "
                            + api.getClass().getName()
                            + " for it too");
        }
        return this;
    }

    /** Adds every handler; see {@link #register(KafkaApi)}. */
    public KafkaApis registerAll(Collection<? extends KafkaApi> handlers) {
        handlers.forEach(this::register);
        return this;
    }

    /** The handler for a key, if one is registered. */
    public synchronized Optional<KafkaApi> find(ApiKeys key) {
        return Optional.ofNullable(apis.get(key));
    }

    /** Every registered handler, in API key order. */
    public synchronized List<KafkaApi> all() {
        return List.copyOf(apis.values());
    }

    /** No registration after this (the listener calls it as it starts). */
    void freeze() {
        frozen = true;
    }
}
