package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Sluice;
import dev.sluice.plugin.PluginDescriptor;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Bytes;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwapBenchTest {

    private static final Plugins PLUGINS = Plugins.locate();

    /** A "new build" must be a plugin that loads and judges as the original, with other bytes. */
    @Test
    void aNumberedBuildIsAnotherFileOfTheSamePlugin(@TempDir Path dir) throws Exception {
        Path original = PLUGINS.root().resolve("plugins/testdata/components/swap-filter-a.wasm");
        byte[] bytes = Files.readAllBytes(original);
        Path build7 = Files.write(dir.resolve("build7.wasm"), SwapBench.numbered(bytes, 7));
        Path build8 = Files.write(dir.resolve("build8.wasm"), SwapBench.numbered(bytes, 8));

        try (var sluice = Sluice.builder().build()) {
            var shas =
                    Stream.of(original, build7, build8)
                            .map(
                                    p ->
                                            sluice.load(p, PluginSettings.defaults())
                                                    .descriptor()
                                                    .map(PluginDescriptor::sha256)
                                                    .orElseThrow())
                            .toList();
            assertThat(shas).doesNotHaveDuplicates();
            sluice.plugins().forEach(p -> sluice.enable(p.name()));
            var forbidden = Record.builder("t").key(Bytes.utf8("k")).value("forbidden-a").build();
            // Three loaded copies of version a, in a chain: the first one's verdict stands.
            assertThat(sluice.process(forbidden))
                    .isInstanceOfSatisfying(
                            Decision.Reject.class,
                            r -> assertThat(r.reason()).startsWith("swap-filter a:"));
            sluice.unload("swap-filter-a");
            sluice.unload("build7");
            assertThat(sluice.process(forbidden))
                    .as("build 8 alone still judges as version a")
                    .isInstanceOfSatisfying(
                            Decision.Reject.class, r -> assertThat(r.plugin()).isEqualTo("build8"));
        }
    }
}
