package dev.sluice.internal.runtime;

import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.loader.InspectedPlugin;
import dev.sluice.internal.wasi.Preview1Host;
import dev.sluice.plugin.PluginSettings;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * What a loaded plugin's instances are made from: a core module ({@link InstanceFactory}) or a
 * component ({@link ComponentFactory}). Both are compiled once and shared by every instance.
 */
public sealed interface PluginCode extends GuestCode permits InstanceFactory, ComponentFactory {

    /** The linear memory one instance may grow to, which it reserves from the memory budget. */
    long reservedBytes();

    /** Which engine runs the plugin and why ({@code graalwasm; engine: auto: …}). */
    String engine();

    /**
     * Whether its engine compiles in the background, running the first calls in an interpreter
     * meanwhile ({@link dev.sluice.component.engine.Engine#compilesInBackground}).
     */
    boolean warmsUp();

    /**
     * Compiles an inspected plugin for the engine its settings choose, with its memory capped.
     *
     * @param cache where compiled code is kept between loads, or null to compile every time
     */
    static PluginCode prepare(
            InspectedPlugin inspected, PluginSettings settings, CompileCache cache) {
        String name = inspected.descriptor().name();
        if (inspected.component() != null) {
            var choice =
                    Engines.choose(
                            settings.engine(),
                            cache,
                            () -> ComponentFactory.moduleBytes(inspected.component()));
            logChoice(name, choice);
            return ComponentFactory.prepare(
                            name, inspected.component(), choice.engine(), settings.maxMemoryPages())
                    .describedAs(describe(choice));
        }
        // A core plugin's bytes are not kept after inspection: read again, only if needed (auto
        // looks at its function sizes; GraalWasm compiles from them, checked against the sha256).
        var descriptor = inspected.descriptor();
        Supplier<byte[]> bytes = () -> PluginBytes.reread(descriptor, true);
        var choice =
                Engines.choose(
                        settings.engine(),
                        cache,
                        () -> List.of(PluginBytes.reread(descriptor, false)));
        logChoice(name, choice);
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
                bytes,
                choice.engine(),
                limits,
                inspected.view().importsFrom(Preview1Host.MODULE),
                describe(choice));
    }

    private static String describe(Engines.Choice choice) {
        return choice.engine().name() + "; " + choice.reason();
    }

    /** The startup log says which engine runs each plugin and why. */
    private static void logChoice(String plugin, Engines.Choice choice) {
        LoggerFactory.getLogger("dev.sluice.plugins")
                .info("plugin {}: runs on {}; {}", plugin, choice.engine().name(), choice.reason());
    }
}
