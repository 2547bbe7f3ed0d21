package dev.sluice.component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example plugins and test fixtures of the repository, read from its plugins/ folder. */
public final class Fixtures {

    private Fixtures() {}

    public static byte[] plugin(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("plugins"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no plugins/ folder above " + Path.of("").toAbsolutePath());
        }
        try {
            return Files.readAllBytes(dir.resolve("plugins").resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
