package dev.sluice.plugin;

/**
 * Receives what plugins log and how their calls fail ({@link PluginActivity}). Called on the thread
 * that ran the plugin, inside the call: return quickly, do not block, do not throw (what it throws
 * is logged and dropped). A plugin logs at most 100 lines per call, so this is called a bounded
 * number of times per call.
 */
@FunctionalInterface
public interface PluginActivityListener {
    void onActivity(PluginActivity activity);

    /** Hears nothing: the default. */
    PluginActivityListener NONE = activity -> {};
}
