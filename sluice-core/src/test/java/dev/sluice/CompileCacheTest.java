package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCacheTest {

    @TempDir Path cache;

    private static final Path FILTER = Fixtures.example("blink/content-filter.wasm");

    @Test
    void firstLoadWritesOneEntryPerModuleAndLaterLoadsReuseIt() throws IOException {
        assertFilterWorks();
        List<Path> entries = entries();
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getParent().getFileName().toString()).startsWith("chicory-1.");
        byte[] written = Files.readAllBytes(entries.get(0));
        long modified = Files.getLastModifiedTime(entries.get(0)).toMillis();

        assertFilterWorks();
        assertThat(entries()).containsExactlyElementsOf(entries);
        assertThat(Files.readAllBytes(entries.get(0))).isEqualTo(written);
        assertThat(Files.getLastModifiedTime(entries.get(0)).toMillis()).isEqualTo(modified);
    }

    @Test
    void aDamagedEntryIsReplacedAndThePluginStillLoads() throws IOException {
        assertFilterWorks();
        Path entry = entries().get(0);
        byte[] good = Files.readAllBytes(entry);
        Files.write(entry, "not a jar".getBytes());

        assertFilterWorks();
        // The bad entry was dropped and the fresh compile is not cached until the next load.
        assertFilterWorks();
        assertThat(entries()).hasSize(1);
        Path replaced = entries().get(0);
        // A compiled jar with the same classes as the one it replaced. (Not the same bytes:
        // Chicory's compiler does not emit identical classes from one compile to the next.)
        assertThat(classes(Files.readAllBytes(replaced))).isEqualTo(classes(good));
        // ...and one the next load reads as it is, rather than dropping and rewriting it.
        long written = Files.getLastModifiedTime(replaced).toMillis();
        assertFilterWorks();
        assertThat(entries()).containsExactly(replaced);
        assertThat(Files.getLastModifiedTime(replaced).toMillis()).isEqualTo(written);
    }

    /** The names of a jar's entries; each class file checked to be one. */
    private static List<String> classes(byte[] jar) throws IOException {
        var names = new ArrayList<String>();
        try (var in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (var e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().endsWith(".class")) {
                    assertThat(bytes).as(e.getName()).startsWith(0xCA, 0xFE, 0xBA, 0xBE);
                }
                names.add(e.getName());
            }
        }
        return names;
    }

    private void assertFilterWorks() {
        try (var harness = new EngineHarness(Sluice.builder().withCompileCache(cache))) {
            var sluice = harness.sluice();
            harness.loadEnabled(FILTER, PluginSettings.defaults());
            assertThat(sluice.process(Record.of("orders", 0, "k", "hello")))
                    .isInstanceOf(Decision.Accept.class);
            assertThat(sluice.process(Record.of("orders", 0, "k", "my password")))
                    .isEqualTo(
                            new Decision.Reject(
                                    "content-filter", "rejected: value contains a password"));
        }
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }
}
