package dev.sluice.internal.runtime;

/**
 * What a loaded plugin's instances are made from: a core module ({@link InstanceFactory}) or a
 * component ({@link ComponentFactory}). Both are compiled once and shared by every instance.
 */
public sealed interface PluginCode permits InstanceFactory, ComponentFactory {}
