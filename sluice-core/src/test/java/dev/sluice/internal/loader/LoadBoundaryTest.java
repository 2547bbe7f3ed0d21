package dev.sluice.internal.loader;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.PluginValidationException;
import dev.sluice.testing.Fixtures;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a decoder throws while a file is inspected (here thrown from inside the core-module
 * parse, through the inspector's parse hook) comes out as the engine's validation error naming the
 * file, never as an Error or stray RuntimeException.
 */
class LoadBoundaryTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of((Supplier<Throwable>) StackOverflowError::new, "nests too deeply"),
                Arguments.of(
                        (Supplier<Throwable>) () -> new OutOfMemoryError("Java heap space"),
                        "declares more than fits in the heap"),
                Arguments.of(
                        (Supplier<Throwable>) () -> new NegativeArraySizeException("-7"),
                        "NegativeArraySizeException: -7"),
                // Chicory's parser fails its own asserts under -ea on a malformed name section
                // (a fuzzing finding, see sluice-component's FuzzFindingsTest).
                Arguments.of((Supplier<Throwable>) AssertionError::new, "AssertionError"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aDecoderFailureBecomesAValidationErrorNamingTheFile(
            Supplier<Throwable> failure, String said) {
        CompiledModules throwing =
                bytes -> {
                    Throwable t = failure.get();
                    if (t instanceof Error e) {
                        throw e;
                    }
                    throw (RuntimeException) t;
                };
        for (String plugin : new String[] {"blink-echo.wasm", "components/strings.wasm"}) {
            var file = Fixtures.testdata(plugin);
            assertThatThrownBy(() -> PluginInspector.load(file, throwing))
                    .isExactlyInstanceOf(PluginValidationException.class)
                    .hasMessageStartingWith("plugin " + file.getFileName() + ": ")
                    .hasMessageContaining(said);
        }
    }
}
