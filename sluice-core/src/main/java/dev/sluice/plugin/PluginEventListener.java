package dev.sluice.plugin;

/**
 * Receives events plugins publish. Called on the thread that ran the plugin, while the plugin's
 * call is in progress: return quickly and do not block.
 */
@FunctionalInterface
public interface PluginEventListener {
    void onEvent(PluginEvent event);
}
