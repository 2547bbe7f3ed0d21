package dev.sluice.server.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the settings loader's public entry point, {@link SettingsLoader#load(Path)}, on arbitrary
 * text, read both as YAML and as TOML: each must either load or be refused with {@link
 * SettingsException}; anything else thrown is a finding. Seeds: the example settings files, linked
 * into this class's inputs directory. See docs/fuzzing.md.
 */
class SettingsLoaderFuzzTest {

    private static final Path YAML = tempFile(".yaml");
    private static final Path TOML = tempFile(".toml");

    @FuzzTest(maxDuration = "10s")
    void load(byte[] text) throws IOException {
        for (Path file : new Path[] {YAML, TOML}) {
            Files.write(file, text);
            try {
                SettingsLoader.load(file);
            } catch (SettingsException expected) {
                // the documented outcome for a bad settings file
            }
        }
    }

    private static Path tempFile(String suffix) {
        try {
            Path file = Files.createTempFile("fuzzed-settings", suffix);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
