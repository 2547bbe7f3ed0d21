package dev.sluice.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.Sluice;
import dev.sluice.component.Component;
import dev.sluice.component.model.ExternType;
import dev.sluice.plugin.Contract;
import dev.sluice.testing.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The projects {@code sluice plugin new} writes really build, with their own {@code ./build.sh},
 * and their plugin does what their {@code expected.jsonl} says. Each test is skipped, naming the
 * missing tool and its package, where a toolchain is absent.
 *
 * <p>Speed: the Rust projects share one cargo target folder under target/ (std is rebuilt from
 * source once, about half a minute, then reused) and the Rust toolchain folder of plugins/build.sh
 * ({@code plugins/.toolchain}); projects that need jco link the checkout's {@code
 * plugins/node_modules} when it is there instead of running {@code npm ci} each. JavaScript
 * projects take 10 s to minutes in ComponentizeJS, so they build here only with {@code
 * -Dsluice.scaffold.js=true}; plugins/build.sh builds them in CI.
 */
class ScaffoldBuildTest {

    private static final Path PLUGINS = Fixtures.repositoryRoot().resolve("plugins");
    private static final Path CARGO_TARGET = Path.of("target", "scaffold-cargo").toAbsolutePath();
    private static final String SLUICE_EXPORT = "sluice:plugin/plugin@0.1.0";

    @TempDir static Path projects;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "c, blink",
        "c, ourchat",
        "c, sluice",
        "rust, blink",
        "rust, ourchat",
        "rust, sluice"
    })
    void projectsBuildAndPassTheirOwnPluginTest(String lang, String contract) throws Exception {
        String name = lang + "-" + contract + "-filter";
        Path project = scaffold(name, lang, contract);
        Path wasm = build(project, lang, contract);

        assertThat(Sluice.inspect(wasm).contract())
                .isEqualTo(
                        switch (contract) {
                            case "blink" -> Contract.BLINK;
                            case "ourchat" -> Contract.OURCHAT;
                            default -> Contract.SLUICE;
                        });
        if (contract.equals("sluice")) {
            assertExportsTheSluiceWorld(wasm);
        }
        // What the project's README tells its author to run, verdicts checked by --expect.
        var out = new StringWriter();
        var cli = SluiceCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit =
                cli.execute(
                        "plugin",
                        "test",
                        wasm.toString(),
                        "--records",
                        project.resolve("records.jsonl").toString(),
                        "--expect",
                        project.resolve("expected.jsonl").toString(),
                        "--max-execution-time",
                        "10s");
        assertThat(exit).as(out.toString()).isZero();
    }

    @ParameterizedTest(name = "js {0}")
    @CsvSource({"sluice", "blink"})
    void javaScriptProjectsBuildAComponent(String contract) throws Exception {
        assumeTrue(
                Boolean.getBoolean("sluice.scaffold.js"),
                "ComponentizeJS takes 10 s to minutes a build: run with -Dsluice.scaffold.js=true"
                        + " (plugins/build.sh builds the JavaScript scaffold in CI)");
        Path project = scaffold("js-" + contract + "-filter", "js", contract);
        Path wasm = build(project, "js", contract);

        if (contract.equals("sluice")) {
            assertExportsTheSluiceWorld(wasm);
        } else {
            assertThat(Sluice.inspect(wasm).contract()).isEqualTo(Contract.BLINK);
        }
    }

    private static void assertExportsTheSluiceWorld(Path wasm) throws IOException {
        var type = Component.decode(Files.readAllBytes(wasm)).type();
        assertThat(type.imports()).containsKey("sluice:plugin/host@0.1.0");
        assertThat(type.exports()).containsKey(SLUICE_EXPORT);
        assertThat(type.exports().get(SLUICE_EXPORT))
                .isInstanceOfSatisfying(
                        ExternType.Instance.class,
                        plugin -> {
                            assertThat(plugin.type().exports())
                                    .containsKeys("init", "on-records", "on-stored", "on-event");
                            assertThat(plugin.type().exports().get("on-records"))
                                    .isInstanceOf(ExternType.Func.class);
                        });
    }

    /** Runs {@code sluice plugin new} as a user would. */
    private static Path scaffold(String name, String lang, String contract) {
        var out = new StringWriter();
        var cli = SluiceCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code =
                cli.execute(
                        "plugin",
                        "new",
                        name,
                        "--lang",
                        lang,
                        "--contract",
                        contract,
                        "--dir",
                        projects.toString());
        assertThat(code).as(out.toString()).isZero();
        return projects.resolve(name);
    }

    /** Runs the project's ./build.sh and returns NAME.wasm; skips when a toolchain is absent. */
    private static Path build(Path project, String lang, String contract) throws Exception {
        Optional<String> missing = missingTool(lang, contract);
        assumeTrue(missing.isEmpty(), () -> project.getFileName() + " not built: " + missing.get());
        boolean node = contract.equals("sluice") || lang.equals("js");
        if (node && Files.isDirectory(PLUGINS.resolve("node_modules/@bytecodealliance/jco"))) {
            Files.createSymbolicLink(
                    project.resolve("node_modules"), PLUGINS.resolve("node_modules"));
        }
        Path log = project.resolve("build.log");
        var builder =
                new ProcessBuilder("bash", "build.sh")
                        .directory(project.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().put("SLUICE_TOOLCHAIN", PLUGINS.resolve(".toolchain").toString());
        builder.environment().put("CARGO_TARGET_DIR", CARGO_TARGET.toString());
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(project + ": build.sh ran for 10 minutes:\n" + read(log));
        }
        assertThat(process.exitValue()).as("build.sh failed:\n%s", read(log)).isZero();
        Path wasm = project.resolve(project.getFileName() + ".wasm");
        assertThat(wasm).isRegularFile();
        return wasm;
    }

    /**
     * What TOOLCHAINS.md says each build needs, checked the way build.sh checks it; the message
     * names the tool and the package that provides it.
     */
    private static Optional<String> missingTool(String lang, String contract) throws Exception {
        List<String> packages = new ArrayList<>();
        Map<String, String> commands = new LinkedHashMap<>(); // command -> Debian package
        switch (lang) {
            case "rust" ->
                    packages.addAll(List.of("rustc-web", "cargo-web", "lld-22", "wasi-libc"));
            case "c" -> {
                commands.put("clang", "clang");
                commands.put("wasm-ld", "lld");
                if (!contract.equals("ourchat")) {
                    packages.addAll(List.of("wasi-libc", "libclang-rt-14-dev-wasm32"));
                }
            }
            default -> {}
        }
        if (contract.equals("sluice") || lang.equals("js")) {
            commands.put("node", "nodejs");
            if (!Files.isDirectory(PLUGINS.resolve("node_modules/@bytecodealliance/jco"))) {
                commands.put("npm", "npm");
            }
        }
        for (var command : commands.entrySet()) {
            if (!succeeds("command -v " + command.getKey())) {
                return Optional.of(
                        command.getKey()
                                + " is not on PATH: apt-get install -y "
                                + command.getValue());
            }
        }
        for (String pkg : packages) {
            if (!succeeds("dpkg-query -W -f='${Status}' " + pkg + " | grep -q 'ok installed'")) {
                return Optional.of(
                        "Debian package " + pkg + " is not installed: apt-get install -y " + pkg);
            }
        }
        return Optional.empty();
    }

    private static boolean succeeds(String shell) throws Exception {
        Process p =
                new ProcessBuilder("bash", "-c", shell)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
    }
}
