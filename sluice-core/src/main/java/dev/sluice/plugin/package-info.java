/** Describing and configuring plugins: settings, lifecycle states, descriptors, events. */
package dev.sluice.plugin;
