package dev.sluice.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing above the engine seam names an engine's types: Chicory is used only inside its one
 * package, {@code dev.sluice.component.engine.chicory}. A contract, the component runtime or the
 * server that reached past the seam would tie them to one engine again.
 */
class EngineSeamTest {

    /** The only place Chicory may be named. */
    private static final String ENGINE_PACKAGE = "dev/sluice/component/engine/chicory/";

    private static final List<String> ENGINES = List.of("com.dylibso.chicory", "org.graalvm");

    /** The library and server sources; the benchmarks measure Chicory itself, as a peer. */
    private static final List<Path> SOURCES =
            List.of(
                    Path.of("../sluice-component/src/main/java"),
                    Path.of("src/main/java"),
                    Path.of("../sluice-server/src/main/java"));

    @Test
    void onlyTheChicoryPackageNamesChicory() throws IOException {
        var offenders = new ArrayList<String>();
        int scanned = 0;
        for (Path root : SOURCES) {
            assertThat(root).as("source folder (tests run from the module folder)").isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    scanned++;
                    String relative = root.relativize(file).toString().replace('\\', '/');
                    if (!relative.startsWith(ENGINE_PACKAGE)) {
                        offenders.addAll(engineNames(file));
                    }
                }
            }
        }
        assertThat(scanned).isGreaterThan(100);
        assertThat(offenders).as("engine types named above the seam").isEmpty();
    }

    @Test
    void theCheckFindsAnEngineTypeNamedAnywhereInAFile() throws IOException {
        Path file = Files.createTempFile("Above", ".java");
        try {
            Files.writeString(
                    file,
                    "package dev.sluice.x;\n\nclass Above {\n"
                            + "    Object m = new com.dylibso.chicory.runtime.ByteArrayMemory(null);\n"
                            + "}\n");
            assertThat(engineNames(file)).hasSize(1).first().asString().contains(":4:");
        } finally {
            Files.delete(file);
        }
    }

    /** {@code file:line: text} for every line that names an engine package. */
    private static List<String> engineNames(Path file) {
        try {
            var lines = Files.readAllLines(file);
            var found = new ArrayList<String>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (ENGINES.stream().anyMatch(line::contains)) {
                    found.add(file + ":" + (i + 1) + ": " + line.strip());
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
