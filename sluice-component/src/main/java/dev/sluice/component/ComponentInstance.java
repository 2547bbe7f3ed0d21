package dev.sluice.component;

import java.util.Optional;
import java.util.Set;

/**
 * An instantiated component. Not thread-safe: one thread calls into it at a time (a component
 * instance is single-threaded by definition; pool instances to serve several threads).
 */
public interface ComponentInstance extends AutoCloseable {

    /**
     * Frees what the engine holds for the component's core instances (see {@link
     * dev.sluice.component.engine.Instance#close}); it is not called again afterwards.
     */
    @Override
    void close();

    /** The names of the component's exports. */
    Set<String> exportNames();

    /**
     * The exported function at {@code path}: a top-level function's name ({@code run}), or an
     * exported interface and a function in it ({@code blink:plugin/plugin@0.1.0#on-record}). An
     * interface version matches any semver-compatible one ({@code @0.1.0} finds {@code @0.1.2}).
     */
    Optional<ComponentFunction> findFunction(String path);

    /** Like {@link #findFunction}, failing with a message that lists what is exported. */
    default ComponentFunction function(String path) {
        return findFunction(path)
                .orElseThrow(
                        () ->
                                new ComponentLinkException(
                                        "the component exports no function "
                                                + path
                                                + " (it exports: "
                                                + String.join(", ", exportNames())
                                                + ")"));
    }
}
