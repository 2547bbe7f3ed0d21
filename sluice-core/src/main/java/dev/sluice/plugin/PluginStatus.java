package dev.sluice.plugin;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A snapshot of one loaded plugin, for management output and metrics.
 *
 * @param descriptor what the plugin is
 * @param settings the limits it runs under
 * @param state where it is in its life
 * @param port the port its {@code init} asked for (Blink), if any
 * @param calls hook calls made so far (all hooks)
 * @param rejected records it rejected
 * @param failures calls that failed (trap, timeout, bad output)
 * @param failureReason why it was moved to {@link PluginState#FAILED}, when it was
 */
public record PluginStatus(
        PluginDescriptor descriptor,
        PluginSettings settings,
        PluginState state,
        OptionalInt port,
        long calls,
        long rejected,
        long failures,
        Optional<String> failureReason) {

    public String name() {
        return descriptor.name();
    }
}
