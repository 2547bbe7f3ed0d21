package dev.sluice.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code sluice plugin new}: what it writes and what it refuses. Building: ScaffoldBuildTest. */
class NewPluginCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir Path dir;

    private int run(String... args) {
        var cli = SluiceCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private int newPlugin(String name, String lang, String contract) {
        return run(
                "plugin",
                "new",
                name,
                "--lang",
                lang,
                "--contract",
                contract,
                "--dir",
                dir.toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "rust, sluice, src/lib.rs, sdk/rust/sluice-plugin/src/lib.rs",
        "rust, blink, src/lib.rs, sdk/rust/blink-guest/src/lib.rs",
        "rust, ourchat, src/lib.rs, tools/cargo-wasm",
        "c, sluice, my-filter.c, sdk/c/sluice_plugin.h",
        "c, blink, my-filter.c, build.sh",
        "c, ourchat, my-filter.c, build.sh",
        "js, sluice, my-filter.js, sdk/js/types/sluice-plugin.d.ts",
        "js, blink, my-filter.js, wit/blink-plugin.wit",
    })
    void writesAProjectWithSourceBuildScriptReadmeAndRecords(
            String lang, String contract, String source, String support) throws IOException {
        assertThat(newPlugin("my-filter", lang, contract)).isZero();

        Path project = dir.resolve("my-filter");
        assertThat(out.toString()).contains(project.toString()).contains("./build.sh");
        for (String file :
                List.of(
                        source,
                        support,
                        "build.sh",
                        "README.md",
                        "records.jsonl",
                        "expected.jsonl",
                        ".gitignore")) {
            assertThat(project.resolve(file)).as(file).isRegularFile();
        }
        assertThat(Files.isExecutable(project.resolve("build.sh"))).isTrue();
        // Every template was rendered: no placeholder or condition is left in what was written.
        for (String file : List.of(source, "build.sh", "README.md", "expected.jsonl")) {
            assertThat(Files.readString(project.resolve(file)))
                    .as(file)
                    .doesNotContain("{{")
                    .doesNotContain("}}");
        }
        assertThat(Files.readString(project.resolve("build.sh"))).contains("my-filter.wasm");
        assertThat(Files.readString(project.resolve("README.md")))
                .startsWith("# my-filter\n")
                .contains("./build.sh")
                .contains("plugin test my-filter.wasm --records records.jsonl");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sluice", "blink", "ourchat"})
    void expectedHasOneVerdictPerRecord(String contract) throws IOException {
        assertThat(newPlugin("my-filter", "c", contract)).isZero();
        Path project = dir.resolve("my-filter");
        var json = new ObjectMapper();

        List<String> records = Files.readAllLines(project.resolve("records.jsonl"));
        List<String> verdicts = Files.readAllLines(project.resolve("expected.jsonl"));

        assertThat(verdicts).hasSameSizeAs(records);
        for (String record : records) {
            assertThat(json.readTree(record).fieldNames())
                    .toIterable()
                    .containsExactly("topic", "partition", "key", "value", "headers");
        }
        var kinds = new ArrayList<String>();
        for (String verdict : verdicts) {
            kinds.add(json.readTree(verdict).get("verdict").asText());
        }
        assertThat(kinds).contains("accept", "reject");
    }

    @Test
    void onlyTheProjectsLanguageAndContractAreInItsBuildScript() throws IOException {
        assertThat(newPlugin("my-filter", "c", "ourchat")).isZero();

        String build = Files.readString(dir.resolve("my-filter/build.sh"));

        assertThat(build).contains("--target=wasm32 ").doesNotContain("cargo", "node", "wasi-libc");
    }

    @Test
    void refusesAFolderThatIsNotEmptyAndTakesAnEmptyOne() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(Files.createDirectories(dir.resolve("taken")).resolve("notes"), "mine");

        assertThat(newPlugin("empty", "c", "blink")).isZero();
        assertThat(newPlugin("taken", "c", "blink")).isEqualTo(2);

        assertThat(err.toString())
                .contains(dir.resolve("taken") + " already exists and is not empty");
        try (Stream<Path> files = Files.list(dir.resolve("taken"))) {
            assertThat(files).containsExactly(dir.resolve("taken/notes"));
        }
    }

    @Test
    void refusesANameThatIsNotAPluginNameSayingWhatIsValid() {
        for (String name : List.of("My_Filter", "9lives", "a--b", "trailing-", "x".repeat(65))) {
            assertThat(newPlugin(name, "c", "blink")).as(name).isEqualTo(2);
        }

        assertThat(err.toString())
                .contains(
                        "'My_Filter' is not a valid plugin name: use lowercase letters, digits"
                                + " and single hyphens, starting with a letter");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void refusesAnUnknownLanguageOrContractListingTheChoices() {
        assertThat(newPlugin("my-filter", "go", "blink")).isEqualTo(2);
        assertThat(newPlugin("my-filter", "c", "kafka")).isEqualTo(2);

        assertThat(err.toString())
                .contains("unknown language 'go': expected one of rust, c, js")
                .contains("unknown contract 'kafka': expected one of sluice, blink, ourchat");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void refusesJavaScriptForOurChatWhichNeedsACoreModule() {
        assertThat(newPlugin("my-filter", "js", "ourchat")).isEqualTo(2);

        assertThat(err.toString())
                .contains("ComponentizeJS builds only components")
                .contains("--lang c or --lang rust");
        assertThat(dir).isEmptyDirectory();
    }
}
