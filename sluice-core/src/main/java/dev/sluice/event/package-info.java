/**
 * The event bus between plugins and the embedding application: channels, what is published on them,
 * subscriptions and the bus's limits.
 */
package dev.sluice.event;
