package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files made to break the loader (issue 13 items 1 and 9) are refused with the engine's normal
 * exception, naming the file and what is wrong, never with an error escaping to the caller.
 */
class HostileFilesTest {

    @TempDir Path dir;

    @Test
    void aComponentNested3000DeepIsAnOrdinaryValidationError() throws Exception {
        Path file = Files.write(dir.resolve("deep.wasm"), nestedComponents(3000));

        assertThatThrownBy(() -> Sluice.inspect(file))
                .isExactlyInstanceOf(PluginValidationException.class)
                .hasMessageStartingWith("plugin deep.wasm: malformed component: component section")
                .hasMessageContaining("nested more than 100 levels deep")
                .hasMessageContaining("at byte offset");

        try (var sluice = Sluice.builder().build()) {
            assertThatThrownBy(() -> sluice.load(file))
                    .isExactlyInstanceOf(PluginValidationException.class)
                    .hasMessageContaining("nested more than 100 levels deep");
            assertThat(sluice.plugins()).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "'00 61 73 6d', right after the \\0asm magic, before the version",
        "'00 61 73 6d 01', inside the version that follows the \\0asm magic",
        "'00 61 73 6d 01 00 00', inside the version that follows the \\0asm magic",
        "'00', inside the \\0asm magic",
        "'00 61 73', inside the \\0asm magic",
    })
    void aFileCutInsideThePreambleIsCalledTruncated(String hex, String where) throws Exception {
        String[] parts = hex.split(" ");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        Path file = Files.write(dir.resolve("cut.wasm"), bytes);

        assertThatThrownBy(() -> Sluice.inspect(file))
                .isExactlyInstanceOf(PluginValidationException.class)
                .hasMessageStartingWith(
                        "plugin cut.wasm: truncated WebAssembly binary: the file is only "
                                + bytes.length
                                + (bytes.length == 1 ? " byte" : " bytes")
                                + " long and ends "
                                + where)
                .hasMessageNotContaining("not the \\0asm magic");
    }

    @Test
    void aShortFileThatIsNotWebAssemblySaysWhatItStartsWith() throws Exception {
        Path file = Files.write(dir.resolve("elf.wasm"), new byte[] {0x7f, 'E', 'L'});

        assertThatThrownBy(() -> Sluice.inspect(file))
                .hasMessage(
                        "plugin elf.wasm: not a WebAssembly binary (it starts with 7f 45 4c, not"
                                + " the \\0asm magic (and is only 3 bytes long))");
    }

    /** {@code depth} empty components, each inside the one before (34 KB for 3000). */
    private static byte[] nestedComponents(int depth) {
        byte[] preamble = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};
        byte[] c = preamble;
        for (int i = 1; i < depth; i++) {
            var out = new ByteArrayOutputStream();
            out.writeBytes(preamble);
            out.write(4); // component section
            for (int n = c.length; ; n >>>= 7) {
                out.write(n < 0x80 ? n : (n & 0x7f) | 0x80);
                if (n < 0x80) {
                    break;
                }
            }
            out.writeBytes(c);
            c = out.toByteArray();
        }
        return c;
    }
}
