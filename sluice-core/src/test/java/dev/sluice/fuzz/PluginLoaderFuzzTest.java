package dev.sluice.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.PluginValidationException;
import dev.sluice.Sluice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes what the engine does with a plugin file (Sluice.inspect: preamble, Chicory's parser and
 * validator, contract checks, or the component decoder): any input must either validate or be
 * refused with {@link PluginValidationException}; anything else thrown is a finding. Seeds: the
 * committed core modules and components, linked into this class's inputs directory. See
 * docs/fuzzing.md.
 */
class PluginLoaderFuzzTest {

    /** One file rewritten for every input: inspect reads plugins from files. */
    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = "10s")
    void inspect(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            Sluice.inspect(FILE);
        } catch (PluginValidationException expected) {
            // the documented outcome for a bad file
        }
    }

    private static Path tempFile() {
        try {
            Path file = Files.createTempFile("fuzzed-plugin", ".wasm");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
