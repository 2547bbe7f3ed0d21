package dev.sluice.server.config;

import dev.sluice.state.StateLimits;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where plugins' state is kept ({@code state:} in the settings file) and the limits every plugin
 * gets unless {@code plugins.<name>.state} overrides them.
 *
 * @param type the store: {@code embedded} (durable, under {@code data_dir}/state; the default),
 *     {@code redis} or {@code memory} (lost on restart)
 * @param directory where the embedded store keeps its file ({@code data_dir}/state); empty for the
 *     other types
 * @param redisUrl {@code state.redis.url} for the Redis store, e.g. {@code redis://127.0.0.1:6379}
 * @param limits {@code state.max_key_bytes}, {@code max_value_bytes}, {@code max_keys}, {@code
 *     max_total_bytes}
 */
public record StateSettings(
        Type type, Optional<Path> directory, Optional<String> redisUrl, StateLimits limits) {

    /** {@code state.type}. */
    public enum Type {
        EMBEDDED,
        REDIS,
        MEMORY
    }

    public StateSettings {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(limits, "limits");
        if (type == Type.EMBEDDED && directory.isEmpty()) {
            throw new IllegalArgumentException("the embedded state store needs a directory");
        }
        if (type == Type.REDIS && redisUrl.isEmpty()) {
            throw new IllegalArgumentException("the redis state store needs state.redis.url");
        }
    }

    /** State on the heap with the default limits: what settings made in code get. */
    public static StateSettings memory() {
        return new StateSettings(
                Type.MEMORY, Optional.empty(), Optional.empty(), StateLimits.defaults());
    }

    /** The embedded durable store in {@code directory}. */
    public static StateSettings embedded(Path directory) {
        return new StateSettings(
                Type.EMBEDDED, Optional.of(directory), Optional.empty(), StateLimits.defaults());
    }
}
