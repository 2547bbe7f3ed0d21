/**
 * Plugins' key-value state: the {@link dev.sluice.state.StateStore} SPI a store implements, the
 * {@link dev.sluice.state.StateLimits} every store enforces per plugin, and the engine's bounded
 * in-memory default. A server plugs a durable store in through {@code
 * Sluice.Builder.withStateStore}.
 */
package dev.sluice.state;
