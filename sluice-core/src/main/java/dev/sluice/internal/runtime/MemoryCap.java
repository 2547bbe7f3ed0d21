package dev.sluice.internal.runtime;

import dev.sluice.PluginLoadException;
import dev.sluice.component.engine.MemoryLimits;

/**
 * The one rule for linear memory under a plugin's {@code max_memory} cap, for core modules and for
 * the modules inside components alike: a memory may grow to the cap, or to its own maximum if
 * lower, and one that starts above the cap does not load.
 */
final class MemoryCap {

    /** WebAssembly pages are 64 KiB. */
    static final long PAGE_BYTES = 65536;

    private MemoryCap() {}

    /**
     * The limits a memory runs with under the plugin's cap.
     *
     * @throws PluginLoadException if it starts above the cap
     */
    static MemoryLimits capped(String plugin, String whose, MemoryLimits declared, int cap) {
        int initial = declared.initialPages();
        if (initial > cap) {
            throw new PluginLoadException(
                    "plugin "
                            + plugin
                            + ": "
                            + whose
                            + " starts at "
                            + initial
                            + " pages ("
                            + size(initial)
                            + "), above its max_memory cap of "
                            + cap
                            + " pages ("
                            + size(cap)
                            + "); raise max_memory for it");
        }
        return new MemoryLimits(initial, Math.min(cap, declared.maximumPages()));
    }

    /** The bytes an instance reserves from the memory budget for a memory with these limits. */
    static long reservation(MemoryLimits limits) {
        return limits == null ? 0 : limits.maximumPages() * PAGE_BYTES;
    }

    static String size(int pages) {
        long kib = pages * 64L;
        return kib % 1024 == 0 ? kib / 1024 + " MiB" : kib + " KiB";
    }
}
