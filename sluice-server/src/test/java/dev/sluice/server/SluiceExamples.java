package dev.sluice.server;

import static org.assertj.core.api.Assumptions.assumeThat;

import dev.sluice.PluginValidationException;
import dev.sluice.Sluice;
import dev.sluice.testing.Fixtures;
import java.nio.file.Path;

/**
 * The {@code sluice:plugin@0.1.0} examples under plugins/sluice/, for tests that run once the
 * engine knows that contract: before, such a test is skipped with a message saying why.
 */
public final class SluiceExamples {

    private SluiceExamples() {}

    /** The example's file, or the test is skipped when the engine cannot load the contract. */
    public static Path require(String file) {
        Path path = Fixtures.example("sluice/" + file);
        try {
            Sluice.inspect(path);
        } catch (PluginValidationException e) {
            assumeThat(false)
                    .as("contract sluice:plugin@0.1.0 is not known to this engine yet: %s", e)
                    .isTrue();
        }
        return path;
    }
}
