package dev.sluice.plugin;

/**
 * Where a plugin is in its life.
 *
 * <pre>
 *   Loaded ──enable──▶ Enabled ──disable──▶ Disabled ──enable──▶ Enabled
 *      └──────────────────┴──── too many consecutive failures ──▶ Failed
 * </pre>
 *
 * Only enabled plugins see records. A failed plugin stays failed until it is unloaded.
 */
public enum PluginState {
    LOADED,
    ENABLED,
    DISABLED,
    FAILED
}
