package dev.sluice.internal.runtime;

import dev.sluice.internal.loader.InspectedPlugin;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.PluginSettings;

/**
 * One version of a plugin as compiled: its bytes' SHA-256, what the compile depended on (engine and
 * memory cap), and the code its instances are made from.
 *
 * <p>A running plugin keeps the compiled version it replaced, so that replacing it back (a
 * rollback, or two versions alternated) takes the code that is already there instead of compiling
 * again. That saves more than the compile: the JVM has already JIT-compiled the kept code, while
 * freshly generated classes start in the bytecode interpreter and take seconds of compiler threads
 * to get fast again; on a busy machine both would show as latency on the record path during a swap.
 * Only one version back is kept, and softly (the collector drops it before the heap runs out), so
 * what a plugin holds stays bounded at two compiled versions.
 *
 * <p>The validated plugin is kept with the code: a rollback then decodes and validates nothing
 * either, which for a large component is most of what a swap costs once nothing is compiled.
 */
record CompiledVersion(
        InspectedPlugin inspected, ExecutionEngine engine, int maxMemoryPages, PluginCode code) {

    static CompiledVersion of(InspectedPlugin inspected, PluginSettings settings, PluginCode code) {
        return new CompiledVersion(inspected, settings.engine(), settings.maxMemoryPages(), code);
    }

    String sha256() {
        return inspected.descriptor().sha256();
    }

    /** Whether this code is what compiling {@code inspected} under {@code settings} would give. */
    boolean serves(InspectedPlugin inspected, PluginSettings settings) {
        return sha256().equals(inspected.descriptor().sha256())
                && engine == settings.engine()
                && maxMemoryPages == settings.maxMemoryPages();
    }
}
