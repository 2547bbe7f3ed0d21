/**
 * What flows through the plugin chain: {@link dev.sluice.record.Record} in, {@link
 * dev.sluice.record.Decision} out.
 */
package dev.sluice.record;
