package dev.sluice.internal.runtime;

import dev.sluice.internal.loader.InspectedPlugin;
import dev.sluice.plugin.PluginSettings;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The compiled code a plugin version keeps (see {@link CompiledVersion} for why): its own, and the
 * one of the version it replaced.
 */
final class CompiledVersions {

    private volatile CompiledVersion running;

    /**
     * Softly held: the code of a large plugin takes hundreds of MB of heap, and keeping it for a
     * rollback that may never come must not be what makes the next load run out of memory.
     */
    private final SoftReference<CompiledVersion> replaced;

    CompiledVersions() {
        this(null);
    }

    private CompiledVersions(CompiledVersion replaced) {
        this.replaced = new SoftReference<>(replaced);
    }

    /** What the version that replaces this one keeps: this one's code, as the replaced one. */
    CompiledVersions forReplacement() {
        return new CompiledVersions(running);
    }

    void running(CompiledVersion version) {
        running = version;
    }

    /** The running version's code, or null before it has compiled. */
    CompiledVersion running() {
        return running;
    }

    /**
     * The file with SHA-256 {@code sha256} as the running or the replaced version validated it,
     * re-pathed to {@code file}: empty when neither is those bytes (or the collector dropped the
     * replaced one).
     */
    Optional<InspectedPlugin> validated(String sha256, Path file) {
        for (var kept : new CompiledVersion[] {running, replaced.get()}) {
            if (kept != null && kept.sha256().equals(sha256)) {
                return Optional.of(kept.inspected().reloadedFrom(file));
            }
        }
        return Optional.empty();
    }

    /** Of the running and the replaced code, one that serves {@code inspected}, or null. */
    CompiledVersion reusable(InspectedPlugin inspected, PluginSettings settings) {
        for (var kept : new CompiledVersion[] {running, replaced.get()}) {
            if (kept != null && kept.serves(inspected, settings)) {
                return kept;
            }
        }
        return null;
    }
}
