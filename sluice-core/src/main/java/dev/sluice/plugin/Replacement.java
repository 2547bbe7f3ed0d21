package dev.sluice.plugin;

/**
 * What a hot reload did.
 *
 * @param status the plugin as it is now
 * @param changed false when the new file had the same bytes (SHA-256) and the settings were the
 *     same: nothing was reloaded
 */
public record Replacement(PluginStatus status, boolean changed) {}
