package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.plugin.Contract;
import dev.sluice.plugin.PluginForm;
import dev.sluice.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginValidationTest {

    @TempDir Path dir;

    @Test
    void describesAValidBlinkCoreModule() {
        var d = Sluice.inspect(Fixtures.testdata("blink-echo.wasm"));

        assertThat(d.name()).isEqualTo("blink-echo");
        assertThat(d.form()).isEqualTo(PluginForm.CORE_MODULE);
        assertThat(d.contract()).isEqualTo(Contract.BLINK);
        assertThat(d.imports())
                .containsExactly("blink:plugin/host@0.1.0.log: func (i32, i32, i32) -> ()");
        assertThat(d.exports())
                .contains(
                        "blink:plugin/plugin@0.1.0#on-record: func (i32, i32, i32, i32, i32, i32,"
                                + " i32, i32) -> i32",
                        "memory: memory");
        assertThat(d.memoryInitialPages()).isEqualTo(1);
        assertThat(d.sha256()).hasSize(64);
    }

    @Test
    void describesOurChatHookShapesAndAllocator() {
        var ctx = Sluice.inspect(Fixtures.testdata("ourchat-ctx-alloc.wasm"));
        var plain = Sluice.inspect(Fixtures.testdata("ourchat-plain-noalloc.wasm"));

        assertThat(ctx.contract()).isEqualTo(Contract.OURCHAT);
        assertThat(ctx.notes())
                .contains(
                        "on_message_send takes (ctx_ptr, msg_ptr, msg_len)",
                        "allocator: alloc/dealloc (host buffers come from the plugin)");
        assertThat(plain.notes())
                .contains("on_message_send takes (msg_ptr, msg_len)")
                .anyMatch(n -> n.startsWith("no allocator export"));
    }

    @Test
    void rejectsAFileThatIsNotWebAssembly() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.wasm"), "hello, I am text");

        assertThatThrownBy(() -> Sluice.inspect(file))
                .isInstanceOf(PluginValidationException.class)
                .hasMessageStartingWith("plugin notes.wasm: not a WebAssembly binary")
                .hasMessageContaining("68 65 6c 6c");
    }

    @Test
    void rejectsAnEmptyFile() throws Exception {
        Path file = Files.write(dir.resolve("empty.wasm"), new byte[0]);

        assertThatThrownBy(() -> Sluice.inspect(file))
                .hasMessage("plugin empty.wasm: not a WebAssembly binary (the file is empty)");
    }

    @Test
    void rejectsATruncatedModule() throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.testdata("blink-echo.wasm"));
        Path file = Files.write(dir.resolve("cut.wasm"), Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> Sluice.inspect(file))
                .isInstanceOf(PluginValidationException.class)
                .hasMessageStartingWith("plugin cut.wasm: malformed WebAssembly module");
    }

    @Test
    void namesTheMissingExport() {
        assertThatThrownBy(() -> Sluice.inspect(Fixtures.testdata("blink-missing-export.wasm")))
                .isInstanceOf(PluginValidationException.class)
                .hasMessage(
                        "plugin blink-missing-export.wasm: missing export"
                                + " `blink:plugin/plugin@0.1.0#on-record`");
    }

    @Test
    void namesAnImportTheHostDoesNotProvide() {
        assertThatThrownBy(() -> Sluice.inspect(Fixtures.testdata("ourchat-unknown-import.wasm")))
                .isInstanceOf(PluginValidationException.class)
                .hasMessageContaining("imports ourchat.foo which the host does not provide");
    }

    @Test
    void namesEveryInterfaceAComponentImportsThatTheHostDoesNotProvide() {
        assertThatThrownBy(
                        () ->
                                Sluice.inspect(
                                        Fixtures.testdata("components/blink-unknown-imports.wasm")))
                .isInstanceOf(PluginValidationException.class)
                .hasMessageContaining(
                        "imports acme:metrics/counters@1.0.0, which the host does not provide")
                .hasMessageContaining(
                        "imports wasi:keyvalue/store@0.2.0-draft, which the host does not provide")
                // An interface that only declares types needs nothing from the host.
                .hasMessageNotContaining("acme:types/shared");
    }

    @Test
    void rejectsAModuleImplementingNoContract() throws Exception {
        byte[] emptyModule = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
        Path file = Files.write(dir.resolve("nothing.wasm"), emptyModule);

        assertThatThrownBy(() -> Sluice.inspect(file))
                .isInstanceOf(PluginValidationException.class)
                .hasMessageContaining("implements no known contract");
    }

    @Test
    void rejectsAComponentWithBrokenSections() throws Exception {
        byte[] broken = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x01, 0x7f, 0x00};
        Path file = Files.write(dir.resolve("broken.wasm"), broken);

        assertThatThrownBy(() -> Sluice.inspect(file))
                .isInstanceOf(PluginValidationException.class)
                .hasMessageContaining("malformed component")
                .hasMessageContaining("offset 8");
    }

    @Test
    void reportsAMissingFile() {
        assertThatThrownBy(() -> Sluice.inspect(dir.resolve("ghost.wasm")))
                .isInstanceOf(PluginValidationException.class)
                .hasMessageContaining("plugin ghost.wasm: file not found");
    }

    @Test
    void reportsEveryProblemAtOnce() throws Exception {
        // A module that claims Blink (imports its host) but exports nothing.
        String wat = "imports log only";
        byte[] module = {
            0x00,
            0x61,
            0x73,
            0x6d,
            0x01,
            0x00,
            0x00,
            0x00,
            // type section: one type (i32 i32 i32) -> ()
            0x01,
            0x07,
            0x01,
            0x60,
            0x03,
            0x7f,
            0x7f,
            0x7f,
            0x00,
        };
        byte[] name = "blink:plugin/host@0.1.0".getBytes(StandardCharsets.UTF_8);
        var bytes = new java.io.ByteArrayOutputStream();
        bytes.write(module);
        // import section
        int size = 1 + 1 + name.length + 1 + 3 + 2;
        bytes.write(new byte[] {0x02, (byte) size, 0x01, (byte) name.length});
        bytes.write(name);
        bytes.write(new byte[] {0x03, 'l', 'o', 'g', 0x00, 0x00});
        Path file = Files.write(dir.resolve("bare.wasm"), bytes.toByteArray());

        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        PluginValidationException.class, () -> Sluice.inspect(file));
        assertThat(e.problems())
                .as(wat)
                .containsExactly(
                        "missing export `blink:plugin/plugin@0.1.0#on-record`",
                        "missing export `blink:plugin/plugin@0.1.0#init`",
                        "missing export `cabi_realloc`",
                        "missing export `memory` (the host passes data through it)");
    }
}
