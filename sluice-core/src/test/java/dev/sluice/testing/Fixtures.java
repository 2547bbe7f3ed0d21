package dev.sluice.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the committed plugin binaries under the repository's plugins/ folder. */
public final class Fixtures {

    private static final Path PLUGINS = locate();

    private Fixtures() {}

    /** A test fixture from plugins/testdata. */
    public static Path testdata(String file) {
        return existing(PLUGINS.resolve("testdata").resolve(file));
    }

    /** An example plugin, e.g. {@code example("blink/content-filter.wasm")}. */
    public static Path example(String relative) {
        return existing(PLUGINS.resolve(relative));
    }

    /** The repository's root folder. */
    public static Path repositoryRoot() {
        return PLUGINS.getParent();
    }

    private static Path existing(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(
                    path + " is missing: run plugins/build.sh to rebuild the plugin binaries");
        }
        return path;
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("plugins/testdata"))) {
                return dir.resolve("plugins");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find plugins/testdata above the working directory");
    }
}
