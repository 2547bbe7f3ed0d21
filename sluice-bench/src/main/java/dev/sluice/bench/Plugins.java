package dev.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the plugins the benchmark runs live, relative to the repository root. */
public final class Plugins {

    private final Path root;

    public Plugins(Path repositoryRoot) {
        this.root = repositoryRoot;
    }

    /** Finds the repository root from the working directory or {@code SLUICE_HOME}. */
    public static Plugins locate() {
        String home = System.getenv("SLUICE_HOME");
        Path start = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("plugins/blink"))) {
                return new Plugins(dir);
            }
        }
        throw new IllegalStateException(
                "cannot find the Sluice repository (a folder with plugins/blink) from "
                        + start
                        + ": run from inside it or set SLUICE_HOME");
    }

    public Path root() {
        return root;
    }

    public Path rustFilter() {
        return root.resolve("plugins/blink/content-filter.wasm");
    }

    public Path cFilter() {
        return root.resolve("plugins/blink/content-filter-c.wasm");
    }

    public Path rustFilterComponent() {
        return root.resolve("plugins/blink/content-filter-component.wasm");
    }

    public Path extismFilter() {
        return root.resolve("plugins/bench/extism-content-filter.wasm");
    }

    /** A Blink plugin whose on-record returns at once: what remains is the host's own cost. */
    public Path acceptAll() {
        return root.resolve("plugins/testdata/blink-accept-all.wasm");
    }
}
