package dev.sluice.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SluiceCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cli = SluiceCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void validateSaysWhichContractAndForm() {
        int code =
                run(
                        "plugin",
                        "validate",
                        Fixtures.example("blink/content-filter-component.wasm").toString());

        assertThat(code).isZero();
        assertThat(out.toString())
                .isEqualTo(
                        "content-filter-component.wasm: valid Blink plugin (blink:plugin@0.1.0,"
                                + " component)\n");
    }

    @Test
    void validateListsEveryProblemAndExits1(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("readme.wasm"), "# not wasm");

        assertThat(run("plugin", "validate", text.toString())).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("readme.wasm: not a valid plugin\n  - not a WebAssembly binary");
    }

    @Test
    void inspectPrintsImportsExportsAndNotes() {
        int code =
                run(
                        "plugin",
                        "inspect",
                        Fixtures.example("ourchat/message-logger.wasm").toString());

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("form:      core module")
                .contains("contract:  ourchat")
                .contains("ourchat.log: func (i32, i32, i32) -> ()")
                .contains("on_message_sent: func (i32, i32) -> ()")
                .contains("no allocator export");
    }

    @Test
    void inspectPrintsAComponentsWorldAsWit() throws Exception {
        int code =
                run(
                        "plugin",
                        "inspect",
                        Fixtures.example("blink/content-filter-component.wasm").toString());

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("form:      component")
                .contains("world (WIT):")
                .contains("import blink:plugin/host@0.1.0;")
                .contains(
                        "on-record: func(topic: string, partition: u32, key: option<string>,"
                                + " value: string) -> bool;")
                .contains("load:      ok with default limits");

        out.getBuffer().setLength(0);
        run(
                "plugin",
                "inspect",
                "--json",
                Fixtures.example("blink/content-filter-component.wasm").toString());
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(node.get("wit").asText()).contains("enum log-level {");
    }

    @Test
    void inspectReportsThePortInitAsksFor() {
        int code = run("plugin", "inspect", Fixtures.testdata("blink-port.wasm").toString());

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("load:      ok with default limits; init asks for port 18080");
    }

    @Test
    void inspectReportsAPluginThatFailsToLoad() {
        run("plugin", "inspect", Fixtures.testdata("blink-init-trap.wasm").toString());

        assertThat(out.toString())
                .contains("load:      fails: plugin blink-init-trap: loading failed");
    }

    @Test
    void inspectJsonIsMachineReadable() throws Exception {
        int code =
                run(
                        "plugin",
                        "inspect",
                        "--json",
                        Fixtures.example("blink/demo-plugin.wasm").toString());

        assertThat(code).isZero();
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(node.get("contract").asText()).isEqualTo("blink:plugin@0.1.0");
        assertThat(node.get("form").asText()).isEqualTo("core module");
        assertThat(node.get("sha256").asText()).hasSize(64);
    }

    @Test
    void badSettingsExitWith2AndOneMessage(@TempDir Path dir) throws Exception {
        Path settings =
                Files.writeString(dir.resolve("settings.yaml"), "plugin:\n  max_memory: lots\n");

        assertThat(run("run", "-s", settings.toString())).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo(
                        "sluice: settings.yaml: plugin.max_memory: 'lots' is not a size (expected a"
                                + " number with a unit such as 64MiB, 512KiB or 1GB)\n");
    }

    @Test
    void unknownSubcommandsAreUsageErrors() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument");
    }
}
