package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds a JDK 21+ for the GraalWasm row: this one, SLUICE_BENCH_JDK21, or one in /usr/lib/jvm. */
final class Jdks {

    private Jdks() {}

    static Optional<String> atLeast21(String currentJava) {
        if (Runtime.version().feature() >= 21) {
            return Optional.of(currentJava);
        }
        String configured = System.getenv("SLUICE_BENCH_JDK21");
        if (configured != null) {
            return Optional.of(Path.of(configured, "bin", "java").toString());
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(
                            d -> d.getFileName().toString().matches(".*-(2[1-9]|[3-9][0-9])(-.*)?"))
                    .map(d -> d.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(Path::toString))
                    .map(Path::toString);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
