package dev.sluice.server.cli;

import dev.sluice.server.cli.catalog.CatalogCommand;
import dev.sluice.server.cli.remote.PluginsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sluice}: the command line. */
@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "WebAssembly plugins for message servers.",
        subcommands = {
            RunCommand.class,
            PluginCommand.class,
            PluginsCommand.class,
            CatalogCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SluiceCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            // Set before anything logs: logback reads it when it configures itself.
            System.setProperty("sluice.log.target", "System.err");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for main and for tests. */
    public static CommandLine commandLine() {
        var cli = new CommandLine(new SluiceCommand());
        cli.setExitCodeExceptionMapper(e -> 2);
        return cli;
    }
}
