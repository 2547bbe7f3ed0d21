package dev.sluice.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceExamples;
import dev.sluice.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice plugin test}: one plugin, no server, records from a JSON-lines file. */
class PluginTestCommandTest {

    private static final String FILTER = "blink/content-filter.wasm";

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cli = SluiceCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private Path file(String name, String... lines) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    /** Generous limits: a loaded build machine must not time a correct plugin out. */
    private int test(String plugin, Path records, String... more) {
        var args = new java.util.ArrayList<String>();
        args.add("plugin");
        args.add("test");
        args.add(plugin);
        args.add("--records");
        args.add(records.toString());
        args.add("--max-execution-time");
        args.add("10s");
        args.addAll(java.util.List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void printsEachVerdictAndTheLinesThePluginLogged() throws Exception {
        var records =
                file(
                        "records.jsonl",
                        "{\"topic\":\"orders\",\"value\":\"hello\"}",
                        "",
                        "{\"topic\":\"orders\",\"value\":\"\"}",
                        "{\"topic\":\"orders\",\"value_base64\":\"/w==\"}");

        int code = test(Fixtures.example(FILTER).toString(), records);

        assertThat(err.toString()).doesNotContain("sluice:");
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("record 1 (line 1): accept\n")
                .contains(
                        "record 2 (line 3): reject: rejected: empty value\n"
                                + "  log: WARN rejected: empty value\n")
                .contains("record 3 (line 4): reject: ")
                .contains("UTF-8");
    }

    @Test
    void jsonLinesAreTheirOwnExpectFileAndADifferenceExits3() throws Exception {
        var records =
                file(
                        "records.jsonl",
                        "{\"topic\":\"orders\",\"value\":\"hello\"}",
                        "{\"topic\":\"orders\",\"value\":\"my password\"}");
        assertThat(test(Fixtures.example(FILTER).toString(), records, "--json")).isZero();
        var lines = out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("{\"verdict\":\"accept\",\"log\":[]}");
        assertThat(lines.get(1))
                .startsWith("{\"verdict\":\"reject\",\"plugin\":\"content-filter\",\"reason\":")
                .contains("password");
        var same = file("same.jsonl", lines.toArray(String[]::new));
        assertThat(test(Fixtures.example(FILTER).toString(), records, "--expect", same.toString()))
                .isZero();

        err.getBuffer().setLength(0);
        var wrong = file("wrong.jsonl", "{\"verdict\":\"accept\"}", "{\"verdict\":\"accept\"}");
        int code = test(Fixtures.example(FILTER).toString(), records, "--expect", wrong.toString());

        assertThat(code).isEqualTo(PluginTestCommand.MISMATCH);
        assertThat(err.toString())
                .contains("record 2 (line 2): verdict: expected \"accept\", got \"reject\"")
                .doesNotContain("record 1");
    }

    @Test
    void aBadRecordLineIsAnErrorNamingTheLine() throws Exception {
        var records =
                file(
                        "records.jsonl",
                        "{\"topic\":\"orders\",\"value\":\"ok\"}",
                        "{\"topic\":\"orders\",\"value_base64\":\"not base64!\"}");

        int code = test(Fixtures.example(FILTER).toString(), records);

        assertThat(code).isEqualTo(PluginTestCommand.BAD_INPUT);
        assertThat(err.toString())
                .contains("records.jsonl line 2: field 'value_base64' is not base64: ' '");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anExpectFileOfTheWrongLengthIsABadInput() throws Exception {
        var records = file("records.jsonl", "{\"topic\":\"t\",\"value\":\"ok\"}");
        var expect = file("expect.jsonl", "{\"verdict\":\"accept\"}", "{\"verdict\":\"accept\"}");

        int code =
                test(Fixtures.example(FILTER).toString(), records, "--expect", expect.toString());

        assertThat(code).isEqualTo(PluginTestCommand.BAD_INPUT);
        assertThat(err.toString()).contains("holds 2 verdicts for the 1 records");
    }

    @Test
    void aPluginThatCannotLoadExits1() throws Exception {
        var records = file("records.jsonl", "{\"topic\":\"t\",\"value\":\"ok\"}");

        int code = test(Fixtures.testdata("blink-init-trap.wasm").toString(), records);

        assertThat(code).isEqualTo(PluginTestCommand.PLUGIN_FAILED);
        assertThat(err.toString()).contains("blink-init-trap.wasm cannot be loaded", "init");
    }

    @Test
    void aCallThatTrapsExits1NamingTheRecord() throws Exception {
        // blink-trap: partition 0 reaches unreachable, partition 9 accepts.
        var records =
                file(
                        "records.jsonl",
                        "{\"topic\":\"t\",\"partition\":9,\"value\":\"fine\"}",
                        "{\"topic\":\"t\",\"partition\":0,\"value\":\"boom\"}");

        int code = test(Fixtures.testdata("blink-trap.wasm").toString(), records);

        assertThat(code).isEqualTo(PluginTestCommand.PLUGIN_FAILED);
        assertThat(out.toString()).contains("record 1 (line 1): accept");
        assertThat(err.toString())
                .contains("sluice: record 2 (line 2): the plugin's call failed: plugin failed")
                .doesNotContain("record 1");
    }

    @Test
    void anOurChatPluginReadsItsConfigFromTheSettingsFile() throws Exception {
        var settings =
                file(
                        "settings.yaml",
                        "plugins:",
                        "  spam-filter:",
                        "    config:",
                        "      blocked_words: \"lottery\"");
        var records =
                file(
                        "records.jsonl",
                        "{\"topic\":\"chat\",\"value\":\"win the lottery\"}",
                        "{\"topic\":\"chat\",\"value\":\"hi\"}");

        int code =
                test(
                        Fixtures.example("ourchat/spam-filter.wasm").toString(),
                        records,
                        "-s",
                        settings.toString(),
                        "--json");

        assertThat(code).isZero();
        var lines = out.toString().lines().toList();
        assertThat(lines.get(0)).contains("\"verdict\":\"reject\"", "lottery");
        assertThat(lines.get(1)).startsWith("{\"verdict\":\"accept\"");
    }

    @Test
    void aTransformsOutputsArePrintedAndComparedFieldByField() throws Exception {
        Path plugin = SluiceExamples.require("mask-digits-rust.wasm");
        var records =
                file(
                        "records.jsonl",
                        "{\"topic\":\"cards\",\"key\":\"k\",\"value\":\"card 1234\",\"timestamp\":5}",
                        "{\"topic\":\"cards\",\"value\":\"no digits\"}");
        var expect =
                file(
                        "expect.jsonl",
                        "{\"verdict\":\"replace\",\"outputs\":[{\"topic\":\"cards\",\"key\":\"k\","
                                + "\"value\":\"card ####\",\"timestamp\":5,\"headers\":"
                                + "[{\"key\":\"masked-digits\",\"value\":\"4\"}]}]}",
                        "{\"verdict\":\"accept\"}");

        int code = test(plugin.toString(), records, "--expect", expect.toString());

        assertThat(err.toString()).doesNotContain("expected");
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("record 1 (line 1): replace with 1 record\n  output 1: ")
                .contains("\"value\":\"card ####\"");

        err.getBuffer().setLength(0);
        var wrong =
                file(
                        "wrong.jsonl",
                        "{\"verdict\":\"replace\",\"outputs\":[{\"value\":\"card 1234\"}]}",
                        "{\"verdict\":\"accept\"}");
        assertThat(test(plugin.toString(), records, "--expect", wrong.toString()))
                .isEqualTo(PluginTestCommand.MISMATCH);
        assertThat(err.toString())
                .contains(
                        "record 1 (line 1): outputs[0].value: expected \"card 1234\", got \"card"
                                + " ####\"");
    }

    @Test
    void aRoutersOutputNamesItsTopic() throws Exception {
        Path plugin = SluiceExamples.require("json-router-rust.wasm");
        var records =
                file(
                        "records.jsonl",
                        "{\"topic\":\"in\",\"value\":\"{\\\"type\\\":\\\"order\\\"}\"}",
                        "{\"topic\":\"in\",\"value\":\"{\\\"type\\\":\\\"spam\\\"}\"}");

        int code = test(plugin.toString(), records, "--json");

        assertThat(code).isZero();
        var lines = out.toString().lines().toList();
        assertThat(lines.get(0))
                .contains("\"verdict\":\"replace\"", "\"topic\":\"orders\"", "routed-from");
        assertThat(lines.get(1)).contains("\"verdict\":\"reject\"", "no route");
    }
}
