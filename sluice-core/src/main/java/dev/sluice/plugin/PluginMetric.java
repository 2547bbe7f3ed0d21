package dev.sluice.plugin;

/**
 * One metric a plugin defined through the {@code sluice:plugin/metrics} interface, as it stood when
 * read. Names are the plugin's own; the plugin's name tells plugins apart.
 */
public sealed interface PluginMetric {

    String plugin();

    String name();

    /** A counter: the sum of every {@code counter-add} (as an unsigned 64-bit count). */
    record Counter(String plugin, String name, long total) implements PluginMetric {}

    /** A gauge: the last {@code gauge-set}. */
    record Gauge(String plugin, String name, double value) implements PluginMetric {}

    /** A histogram as a summary: how many values were recorded, their sum and the largest. */
    record Histogram(String plugin, String name, long count, double sum, double max)
            implements PluginMetric {}
}
