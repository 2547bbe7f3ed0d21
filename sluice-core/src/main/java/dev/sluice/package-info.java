/**
 * Sluice: WebAssembly plugins that see every record a server handles.
 *
 * <p>Start at {@link dev.sluice.Sluice}. The public API is this package, {@link dev.sluice.record}
 * (records and decisions) and {@link dev.sluice.plugin} (settings, states, descriptors, events).
 * Everything under {@code dev.sluice.internal} may change without notice.
 */
package dev.sluice;
