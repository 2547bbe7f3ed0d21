package dev.sluice.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.PluginValidationException;
import dev.sluice.Sluice;
import dev.sluice.SluiceException;
import dev.sluice.plugin.PluginDescriptor;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.server.cli.remote.PluginInstallCommand;
import dev.sluice.server.config.SettingsException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "plugin",
        mixinStandardHelpOptions = true,
        description = "Check and try plugin files without running a server, or start a new plugin.",
        subcommands = {
            PluginCommand.Validate.class,
            PluginCommand.Inspect.class,
            PluginTestCommand.class,
            NewPluginCommand.class,
            PluginInstallCommand.class
        })
final class PluginCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints a validation failure, one problem a line; returns the exit code. */
    static int invalid(PrintWriter err, PluginValidationException e) {
        err.println(e.file() + ": not a valid plugin");
        for (String problem : e.problems()) {
            err.println("  - " + problem);
        }
        return 1;
    }

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description =
                    "Say whether FILE is a valid plugin, for which contract, or what is wrong.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "a .wasm file")
        Path file;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            try {
                var d = Sluice.inspect(file);
                spec.commandLine()
                        .getOut()
                        .printf(
                                "%s: valid %s plugin (%s, %s)%n",
                                file.getFileName(),
                                switch (d.contract()) {
                                    case BLINK -> "Blink";
                                    case OURCHAT -> "OurChat";
                                    case SLUICE -> "Sluice";
                                },
                                d.contract().label(),
                                d.form().label());
                return 0;
            } catch (PluginValidationException e) {
                return invalid(spec.commandLine().getErr(), e);
            }
        }
    }

    @Command(
            name = "inspect",
            mixinStandardHelpOptions = true,
            description = "Print FILE's form, contract, imports, exports, memory and size.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "a .wasm file")
        Path file;

        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @Mixin TrialLimits limits;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PluginDescriptor d;
            try {
                d = Sluice.inspect(file);
            } catch (PluginValidationException e) {
                return invalid(spec.commandLine().getErr(), e);
            }
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            PluginSettings settings;
            try {
                settings = limits.settingsFor(d.name());
            } catch (SettingsException | IllegalArgumentException e) {
                err.println("sluice: " + e.getMessage());
                return 2;
            }
            long cap = settings.maxMemoryBytes();
            TrialLoad load = trialLoad(settings);
            if (json) {
                var m = new LinkedHashMap<String, Object>();
                m.put("name", d.name());
                m.put("form", d.form().label());
                m.put("contract", d.contract().label());
                m.put("size_bytes", d.sizeBytes());
                m.put("sha256", d.sha256());
                m.put("memory_initial_pages", d.memoryInitialPages());
                m.put(
                        "memory_maximum_pages",
                        d.memoryMaximumPages().isPresent()
                                ? d.memoryMaximumPages().getAsInt()
                                : null);
                m.put("max_memory_bytes", cap);
                m.put("services", d.services());
                m.put("imports", d.imports());
                m.put("exports", d.exports());
                m.put("notes", d.notes());
                m.put("wit", d.wit().orElse(null));
                m.put("load", load.report());
                m.put("loads", load.ok());
                out.println(
                        new ObjectMapper()
                                .enable(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(m));
                return load.exitCode(err, file);
            }
            out.printf("name:      %s%n", d.name());
            out.printf("file:      %s%n", d.path());
            out.printf("form:      %s%n", d.form().label());
            out.printf("contract:  %s%n", d.contract().label());
            out.printf("size:      %d bytes%n", d.sizeBytes());
            out.printf("sha256:    %s%n", d.sha256());
            if (d.wit().isPresent()) {
                out.printf(
                        "memory:    each core module's memory runs capped at %d MiB unless"
                                + " max_memory says otherwise%n",
                        cap >> 20);
            } else {
                out.printf(
                        "memory:    %d pages initial (%d KiB), maximum %s; runs capped at %d MiB"
                                + " unless max_memory says otherwise%n",
                        d.memoryInitialPages(),
                        d.memoryInitialPages() * 64L,
                        d.memoryMaximumPages().isPresent()
                                ? d.memoryMaximumPages().getAsInt() + " pages"
                                : "none declared",
                        cap >> 20);
            }
            out.printf(
                    "services:  %s%n",
                    d.services().isEmpty()
                            ? "none (needs no permission)"
                            : String.join(", ", d.services())
                                    + " (grant in plugins."
                                    + d.name()
                                    + ".permissions)");
            out.println("imports:");
            d.imports().forEach(i -> out.println("  " + i));
            if (d.imports().isEmpty()) {
                out.println("  (none)");
            }
            out.println("exports:");
            d.exports().forEach(e -> out.println("  " + e));
            if (!d.notes().isEmpty()) {
                out.println("notes:");
                d.notes().forEach(n -> out.println("  " + n));
            }
            d.wit()
                    .ifPresent(
                            wit -> {
                                out.println("world (WIT):");
                                wit.lines().forEach(line -> out.println("  " + line));
                            });
            out.printf("load:      %s%n", load.report());
            out.flush();
            return load.exitCode(err, file);
        }

        /**
         * Loads the plugin once in a throwaway engine with the limits it would run with, so
         * inspection can say what its load hook does (Blink {@code init} may ask for a port) and
         * whether it loads at all. The plugin runs sandboxed, exactly as in the server.
         */
        private TrialLoad trialLoad(PluginSettings settings) {
            String with = limits.describe(settings);
            try (var engine = limits.engine()) {
                var status = engine.load(file, settings);
                return new TrialLoad(
                        true,
                        "ok with "
                                + with
                                + (status.port().isPresent()
                                        ? "; init asks for port " + status.port().getAsInt()
                                        : "; asks for no port")
                                + status.engine().map(e -> "; runs on " + e).orElse(""));
            } catch (SluiceException e) {
                return new TrialLoad(false, "fails with " + with + ": " + e.getMessage());
            }
        }

        /** What the trial load found; a plugin that does not load is a failed inspection. */
        private record TrialLoad(boolean ok, String report) {
            int exitCode(PrintWriter err, Path file) {
                if (ok) {
                    return 0;
                }
                err.println("sluice: " + file.getFileName() + ": load " + report);
                err.println(
                        "  the server could not run it with these limits; if a limit is the"
                                + " cause, try again with --max-execution-time, --max-memory or"
                                + " -s settings.yaml");
                return 1;
            }
        }
    }
}
