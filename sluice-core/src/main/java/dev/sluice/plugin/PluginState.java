package dev.sluice.plugin;

/**
 * Where a plugin is in its life.
 *
 * <pre>
 *   Loaded ──enable──▶ Enabled ──disable──▶ Disabled ──enable──▶ Enabled
 *                         │  ▲
 *   too many consecutive  ▼  │ a trial call after the backoff succeeds
 *   failures, or no load  Failed
 * </pre>
 *
 * Only enabled plugins see records. A failed plugin's circuit breaker is open: it follows its
 * {@link OnError} policy without being called (reject: records are refused; allow: it is skipped),
 * and after a backoff one trial call (or, for a plugin that could not be loaded, a new load)
 * decides whether it is enabled again or stays failed with a doubled backoff.
 */
public enum PluginState {
    LOADED,
    ENABLED,
    DISABLED,
    FAILED
}
