package dev.sluice.plugin;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A snapshot of one plugin in the chain, for management output and metrics.
 *
 * @param name the plugin's name (its file name without {@code .wasm})
 * @param path the file it is loaded from
 * @param descriptor what the plugin is; empty when its file could not be read as a plugin
 * @param settings the limits it runs under
 * @param state where it is in its life
 * @param breaker its circuit breaker
 * @param port the port its {@code init} asked for (Blink), if any
 * @param calls hook calls made so far (all hooks)
 * @param rejected records it rejected
 * @param failures calls that failed through the plugin's fault (trap, timeout, bad output)
 * @param hostFailures calls that failed through the host's fault (out of memory, a host bug); these
 *     never count towards moving the plugin to {@link PluginState#FAILED}
 * @param failureReason why it is {@link PluginState#FAILED}, when it is
 * @param engine which engine runs it and why (its {@code engine} setting, and what {@code auto}
 *     chose), once it is compiled
 */
public record PluginStatus(
        String name,
        Path path,
        Optional<PluginDescriptor> descriptor,
        PluginSettings settings,
        PluginState state,
        BreakerState breaker,
        OptionalInt port,
        long calls,
        long rejected,
        long failures,
        long hostFailures,
        Optional<String> failureReason,
        Optional<String> engine) {}
