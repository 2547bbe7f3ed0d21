package dev.sluice.internal.runtime;

import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.loader.InspectedPlugin;
import dev.sluice.internal.wasi.Preview1Host;
import dev.sluice.plugin.PluginSettings;

/**
 * What a loaded plugin's instances are made from: a core module ({@link InstanceFactory}) or a
 * component ({@link ComponentFactory}). Both are compiled once and shared by every instance.
 */
public sealed interface PluginCode extends GuestCode permits InstanceFactory, ComponentFactory {

    /** The linear memory one instance may grow to, which it reserves from the memory budget. */
    long reservedBytes();

    /**
     * Compiles an inspected plugin for the engine its settings choose, with its memory capped.
     *
     * @param cache where compiled code is kept between loads, or null to compile every time
     */
    static PluginCode prepare(
            InspectedPlugin inspected, PluginSettings settings, CompileCache cache) {
        String name = inspected.descriptor().name();
        if (inspected.component() != null) {
            return ComponentFactory.prepare(
                    name,
                    inspected.component(),
                    Engines.of(settings.engine(), cache),
                    settings.maxMemoryPages());
        }
        MemoryLimits limits =
                inspected
                        .view()
                        .memoryLimits()
                        .map(
                                declared ->
                                        MemoryCap.capped(
                                                name,
                                                "its memory",
                                                declared,
                                                settings.maxMemoryPages()))
                        .orElse(null);
        return new InstanceFactory(
                name,
                inspected.module(),
                Engines.of(settings.engine(), cache),
                limits,
                inspected.view().importsFrom(Preview1Host.MODULE));
    }
}
