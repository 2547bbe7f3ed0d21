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
    void validateNamesSluicesOwnContract() {
        int code = run("plugin", "validate", Fixtures.example("sluice/echo-c.wasm").toString());

        assertThat(code).isZero();
        assertThat(out.toString())
                .isEqualTo("echo-c.wasm: valid Sluice plugin (sluice:plugin@0.1.0, component)\n");
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
        // Default limits: the first component in a JVM pays its warm-up inside init, which has a
        // limit of its own (max_init_time, 10 s), not the 100 ms a record call gets.
        int code =
                run(
                        "plugin",
                        "inspect",
                        Fixtures.example("blink/content-filter-component.wasm").toString());

        assertThat(err.toString()).isEmpty();
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
                "--max-execution-time",
                "10s",
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
    void inspectExits1WhenThePluginFailsToLoadAndSaysWhy() {
        int code = run("plugin", "inspect", Fixtures.testdata("blink-init-trap.wasm").toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString())
                .contains(
                        "load:      fails with default limits: plugin blink-init-trap: loading"
                                + " failed");
        assertThat(err.toString())
                .startsWith(
                        "sluice: blink-init-trap.wasm: load fails with default limits: plugin"
                                + " blink-init-trap: loading failed")
                .contains("--max-execution-time, --max-memory or -s settings.yaml");
    }

    @Test
    void inspectTrialLoadsWithTheLimitsTheFlagsGive() {
        String bigMemory = Fixtures.testdata("blink-big-memory.wasm").toString();

        assertThat(run("plugin", "inspect", bigMemory)).isEqualTo(1);
        assertThat(out.toString()).contains("load:      fails with default limits");

        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        int code =
                run(
                        "plugin",
                        "inspect",
                        "--max-memory",
                        "256MiB",
                        "--max-execution-time",
                        "5s",
                        "--max-init-time",
                        "30s",
                        "--engine",
                        "Interpreter",
                        bigMemory);

        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString())
                .contains("runs capped at 256 MiB")
                .contains(
                        "load:      ok with max_execution_time 5s, max_init_time 30s, max_memory 256MiB,"
                                + " engine"
                                + " interpreter; asks for no port");
    }

    @Test
    void inspectTakesThePluginsLimitsFromASettingsFileAndFlagsOverrideThem(@TempDir Path dir)
            throws Exception {
        Path settings =
                Files.writeString(
                        dir.resolve("settings.yaml"),
                        "plugin:\n  max_execution_time: 2s\n"
                                + "plugins:\n  blink-big-memory:\n    max_memory: 256MiB\n");
        String bigMemory = Fixtures.testdata("blink-big-memory.wasm").toString();

        assertThat(run("plugin", "inspect", "-s", settings.toString(), bigMemory)).isZero();
        assertThat(out.toString())
                .contains(
                        "load:      ok with max_execution_time 2s, max_init_time 10s, max_memory 256MiB,"
                                + " engine"
                                + " auto (from "
                                + settings
                                + ")");

        out.getBuffer().setLength(0);
        assertThat(
                        run(
                                "plugin",
                                "inspect",
                                "--json",
                                "-s",
                                settings.toString(),
                                "--max-memory",
                                "64MiB",
                                bigMemory))
                .isEqualTo(1);
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(node.get("loads").asBoolean()).isFalse();
        assertThat(node.get("max_memory_bytes").asLong()).isEqualTo(64L << 20);
        assertThat(node.get("load").asText())
                .startsWith(
                        "fails with max_execution_time 2s, max_init_time 10s, max_memory 64MiB");
    }

    @Test
    void inspectFlagsTakeTheSettingsSyntaxAndItsMessages() {
        String plugin = Fixtures.example("blink/demo-plugin.wasm").toString();

        assertThat(run("plugin", "inspect", "--max-execution-time", "soon", plugin)).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "Invalid value for option '--max-execution-time': 'soon' is not a"
                                + " duration (expected a number with a unit such as 100ms, 2s or"
                                + " 1500us)");

        err.getBuffer().setLength(0);
        assertThat(run("plugin", "inspect", "--engine", "jit", plugin)).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "Invalid value for option '--engine': 'jit' is not one of auto,"
                                + " chicory, graalwasm, interpreter");

        err.getBuffer().setLength(0);
        assertThat(run("plugin", "inspect", "--max-memory", "1KiB", plugin)).isEqualTo(2);
        assertThat(err.toString()).startsWith("sluice: max memory must be between 64KiB and 4GiB");
    }

    @Test
    void inspectNamesTheSettingsFileAndKeyThatAreWrong(@TempDir Path dir) throws Exception {
        Path settings =
                Files.writeString(
                        dir.resolve("settings.yaml"), "plugins:\n  x:\n    engine: jit\n");

        assertThat(
                        run(
                                "plugin",
                                "inspect",
                                "-s",
                                settings.toString(),
                                Fixtures.example("blink/demo-plugin.wasm").toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo(
                        "sluice: settings.yaml: plugins.x.engine: 'jit' is not one of auto,"
                                + " chicory, graalwasm, interpreter\n");
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
