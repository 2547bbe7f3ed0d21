/**
 * Sluice's implementation; not API. {@code loader} validates files, {@code contract} speaks each
 * plugin contract (Blink, OurChat), {@code runtime} owns instances, deadlines and failure policy,
 * {@code pipeline} runs the chain.
 */
package dev.sluice.internal;
