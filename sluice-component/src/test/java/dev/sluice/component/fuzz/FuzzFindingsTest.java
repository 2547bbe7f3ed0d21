package dev.sluice.component.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.component.Component;
import dev.sluice.component.ComponentDecodeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every input the fuzzer found crashing the decoder (a {@code crash-*} file in {@link
 * ComponentDecoderFuzzTest}'s inputs directory) is replayed as a unit test, so the findings stay
 * fixed even in builds that skip fuzzing.
 */
class FuzzFindingsTest {

    private static final Path INPUTS =
            Path.of(
                    "src/test/resources/dev/sluice/component/fuzz/ComponentDecoderFuzzTestInputs/decode");

    @Test
    void aCoreModuleWhoseNameSectionFailsChicorysAssertsIsADecodeError() throws IOException {
        // Found 2026-12-01: a component embedding a core module with a malformed name section;
        // Chicory's NameCustomSection.parse fails an assert under -ea, an Error the decoder let
        // out.
        byte[] bytes =
                Files.readAllBytes(
                        INPUTS.resolve("crash-609b25ab23be7a0a09612e8ba15ccab2ffc993d3"));
        assertThatThrownBy(() -> Component.decode(bytes))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("core module section")
                .hasMessageContaining("core module 0 is invalid");
    }

    @Test
    void aCoreModuleExportingAFunctionItDoesNotHaveIsADecodeError() throws IOException {
        // Found 2026-12-01: Chicory's parser leaves index checks to its validator, so an export
        // naming function 5 of 3 reached the linking view and threw IndexOutOfBoundsException.
        byte[] bytes =
                Files.readAllBytes(
                        INPUTS.resolve("crash-dcdf2f39e532a92e97095627620155e0b77eef83"));
        assertThatThrownBy(() -> Component.decode(bytes))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("is invalid: export")
                .hasMessageContaining("names function 5, but the module has 3");
    }

    @Test
    void everyCommittedFindingIsRefusedWithADecodeError() throws IOException {
        List<Path> findings;
        try (Stream<Path> files = Files.list(INPUTS)) {
            findings = files.filter(f -> f.getFileName().toString().startsWith("crash-")).toList();
        }
        assertThat(findings).isNotEmpty();
        for (Path finding : findings) {
            byte[] bytes = Files.readAllBytes(finding);
            try {
                Component.decode(bytes).wit();
            } catch (ComponentDecodeException expected) {
                // the documented outcome
            }
        }
    }
}
