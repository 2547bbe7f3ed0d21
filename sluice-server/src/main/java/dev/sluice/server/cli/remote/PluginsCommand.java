package dev.sluice.server.cli.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice plugins …}: the plugins of a running server, through its management API. Exit
 * status 0 when done, 1 when the server could not be reached or refused (the reason is printed).
 */
@Command(
        name = "plugins",
        mixinStandardHelpOptions = true,
        description = "Manage the plugins of a running server (its /admin API).",
        subcommands = {
            PluginsCommand.ListPlugins.class,
            PluginsCommand.Show.class,
            PluginsCommand.Enable.class,
            PluginsCommand.Disable.class,
            PluginsCommand.Reload.class,
            PluginsCommand.Upload.class,
            PluginsCommand.Delete.class
        })
public final class PluginsCommand implements Runnable {

    /** Where the token may come from besides a file; tests replace it. */
    static Function<String, String> environment = System::getenv;

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options every subcommand takes. */
    static final class Connection {
        @Option(
                names = "--server",
                paramLabel = "URL",
                defaultValue = "http://127.0.0.1:30005",
                description = "the server (default: ${DEFAULT-VALUE})")
        String server;

        @Option(
                names = "--token-file",
                paramLabel = "FILE",
                description =
                        "the admin token (default: $SLUICE_ADMIN_TOKEN, else data/admin.token)")
        Path tokenFile;

        @Option(names = "--json", description = "print the server's JSON answer")
        boolean json;

        AdminConnection open() {
            return AdminConnection.open(server, tokenFile, environment);
        }
    }

    /** A subcommand: one call, printed as a table or line, or as JSON. */
    abstract static class Call implements Callable<Integer> {
        @Mixin Connection connection;
        @Spec CommandSpec spec;

        abstract JsonNode call(AdminConnection admin);

        abstract void print(PrintWriter out, JsonNode answer);

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            try {
                var answer = call(connection.open());
                if (connection.json) {
                    out.println(pretty(answer));
                } else {
                    print(out, answer);
                }
                out.flush();
                return 0;
            } catch (AdminConnection.Failure e) {
                spec.commandLine().getErr().println("sluice plugins: " + e.getMessage());
                return 1;
            }
        }
    }

    static String pretty(JsonNode node) {
        try {
            return AdminConnection.JSON
                    .copy()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }

    static String path(String name) {
        return "/admin/plugins/"
                + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The chain, in order.")
    static final class ListPlugins extends Call {
        @Override
        JsonNode call(AdminConnection admin) {
            return admin.get("/admin/plugins");
        }

        @Override
        void print(PrintWriter out, JsonNode answer) {
            Tables.plugins(out, answer.path("plugins"));
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "One plugin: limits, permissions, config, last logs and failures.")
    static final class Show extends Call {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        JsonNode call(AdminConnection admin) {
            return admin.get(path(name));
        }

        @Override
        void print(PrintWriter out, JsonNode answer) {
            Tables.detail(out, answer);
        }
    }

    /** enable, disable, reload: a POST on the plugin, answered with its summary. */
    abstract static class Verb extends Call {
        @Parameters(paramLabel = "NAME")
        String name;

        abstract String verb();

        @Override
        JsonNode call(AdminConnection admin) {
            return admin.post(path(name) + "/" + verb());
        }

        @Override
        void print(PrintWriter out, JsonNode answer) {
            Tables.line(out, answer);
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a plugin.")
    static final class Enable extends Verb {
        @Override
        String verb() {
            return "enable";
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a plugin.")
    static final class Disable extends Verb {
        @Override
        String verb() {
            return "disable";
        }
    }

    @Command(
            name = "reload",
            mixinStandardHelpOptions = true,
            description = "Load a plugin's file again (nothing happens if it is unchanged).")
    static final class Reload extends Verb {
        @Override
        String verb() {
            return "reload";
        }
    }

    @Command(
            name = "upload",
            mixinStandardHelpOptions = true,
            description =
                    "Upload FILE as plugin NAME (default: the file name without .wasm): a new"
                            + " plugin is loaded and enabled, a running one hot-reloaded.")
    static final class Upload extends Call {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--name", paramLabel = "NAME", description = "the plugin's name")
        String name;

        @Override
        JsonNode call(AdminConnection admin) {
            if (name == null) {
                name = file.getFileName().toString().replaceFirst("\\.wasm$", "");
            }
            return admin.put(path(name), file);
        }

        @Override
        void print(PrintWriter out, JsonNode answer) {
            var p = answer.path("plugin");
            out.println(
                    "plugin "
                            + p.path("name").asText()
                            + " "
                            + answer.path("status").asText()
                            + " (sha256 "
                            + p.path("sha256").asText().substring(0, 12)
                            + ", "
                            + p.path("status").asText()
                            + ")");
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Unload and forget a plugin.")
    static final class Delete extends Call {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        JsonNode call(AdminConnection admin) {
            return admin.delete(path(name));
        }

        @Override
        void print(PrintWriter out, JsonNode answer) {
            out.println("plugin " + answer.path("deleted").asText() + " deleted");
        }
    }
}
