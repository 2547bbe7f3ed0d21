package dev.sluice.server.cli.scaffold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a plugin project: a small working example of the contract in the language, a {@code
 * build.sh} that builds {@code NAME.wasm} offline, a README, sample records and the verdicts the
 * example gives them. What the build needs from Sluice (SDK, bindings, WIT, tools) is copied in, so
 * the project does not need a Sluice checkout.
 *
 * @param name the plugin's name, and the project folder's
 * @param language what the plugin is written in
 * @param contract what it implements
 */
public record Scaffold(PluginName name, Language language, PluginContract contract) {

    /**
     * @throws ScaffoldException for a language that cannot build the contract
     */
    public Scaffold {
        if (language == Language.JS && contract == PluginContract.OURCHAT) {
            throw new ScaffoldException(
                    "an OurChat plugin is a core WebAssembly module, and ComponentizeJS builds"
                            + " only components: write it with --lang c or --lang rust, or use"
                            + " --contract sluice or blink for JavaScript");
        }
    }

    /**
     * Writes the project into {@code parent/NAME}, creating the folders it needs.
     *
     * @return the project folder
     * @throws ScaffoldException when that folder exists and is not empty
     */
    public Path writeInto(Path parent) {
        Path project = parent.resolve(name.value());
        try {
            if (Files.exists(project) && !isEmptyDirectory(project)) {
                throw new ScaffoldException(
                        project
                                + " already exists and is not empty: choose another name, another"
                                + " --dir, or remove it first");
            }
            for (ProjectFile file : files()) {
                Path target = project.resolve(file.path());
                Files.createDirectories(target.getParent());
                Files.write(target, file.content());
                if (file.executable()) {
                    makeExecutable(target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + project + ": " + e.getMessage(), e);
        }
        return project;
    }

    /** The project's files, in the order they are written. */
    List<ProjectFile> files() {
        var files = new ArrayList<ProjectFile>();
        template(files, "build.sh", "build.sh", true);
        template(files, "README.md", "README.md", false);
        template(files, "gitignore", ".gitignore", false);
        String records = contract == PluginContract.SLUICE ? "sluice" : "text";
        template(files, "records/" + records + ".jsonl", "records.jsonl", false);
        template(files, "records/" + records + ".expected.jsonl", "expected.jsonl", false);
        String source = language.label() + "/" + contract.label();
        switch (language) {
            case RUST -> {
                template(files, "rust/Cargo.toml", "Cargo.toml", false);
                template(files, source + ".rs", "src/lib.rs", false);
                copy(files, "tools/cargo-wasm", "tools/cargo-wasm", true);
                switch (contract) {
                    case SLUICE -> tree(files, "sdk/rust/sluice-plugin");
                    case BLINK -> tree(files, "sdk/rust/blink-guest");
                    case OURCHAT -> {} // raw imports and exports, no bindings needed
                }
            }
            case C -> {
                template(files, source + ".c", name.value() + ".c", false);
                if (contract == PluginContract.SLUICE) {
                    tree(files, "sdk/c");
                }
            }
            case JS -> {
                template(files, source + ".js", name.value() + ".js", false);
                if (contract == PluginContract.SLUICE) {
                    tree(files, "sdk/js/types");
                }
            }
        }
        if (needsNode()) {
            // jco (and ComponentizeJS), pinned as Sluice's own build pins them
            copy(files, "npm/package.json", "package.json", false);
            copy(files, "npm/package-lock.json", "package-lock.json", false);
            copy(files, "wit/" + witFile(), "wit/" + witFile(), false);
            if (language != Language.JS) {
                copy(files, "tools/componentize.mjs", "tools/componentize.mjs", false);
            }
        }
        return files;
    }

    /** Whether the build runs Node: every component is made with jco or ComponentizeJS. */
    private boolean needsNode() {
        return contract == PluginContract.SLUICE || language == Language.JS;
    }

    private String witFile() {
        return contract.world() + ".wit";
    }

    private void template(List<ProjectFile> files, String from, String to, boolean executable) {
        String text = Template.render(from, TemplateFiles.text(from), values(), flags());
        files.add(new ProjectFile(to, text.getBytes(StandardCharsets.UTF_8), executable));
    }

    private static void copy(List<ProjectFile> files, String from, String to, boolean executable) {
        files.add(new ProjectFile(to, TemplateFiles.bytes("bundle/" + from), executable));
    }

    private static void tree(List<ProjectFile> files, String dir) {
        TemplateFiles.tree("bundle/" + dir)
                .forEach(
                        (path, bytes) ->
                                files.add(new ProjectFile(dir + "/" + path, bytes, false)));
    }

    private Map<String, String> values() {
        return Map.of(
                "name", name.value(),
                "crate", name.crate(),
                "lang", language.label(),
                "contract", contract.label(),
                "contract_title", contract.title(),
                "world", contract.world() == null ? "" : contract.world(),
                "wit", contract.world() == null ? "" : witFile());
    }

    private Set<String> flags() {
        return Set.of(language.label(), contract.label());
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions =
                    EnumSet.copyOf(Files.getPosixFilePermissions(file));
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): run it as `bash build.sh`
        }
    }
}
