package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertThat(Files.readAllBytes(entries().get(0))).hasSameSizeAs(good);
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
