package dev.sluice.component.wasi;

import dev.sluice.component.Linker;
import dev.sluice.component.ResultValue;
import dev.sluice.component.types.ResourceType;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** {@code wasi:cli}: an empty environment, an empty stdin, stdout and stderr to line sinks. */
final class Cli {

    private static final String ENVIRONMENT = "wasi:cli/environment@0.2.0";
    private static final String EXIT = "wasi:cli/exit@0.2.0";

    private final LineOutput stdout;
    private final LineOutput stderr;
    private final Streams.EmptyInput stdin = new Streams.EmptyInput();

    Cli(Consumer<String> stdout, Consumer<String> stderr) {
        this.stdout = new LineOutput(stdout);
        this.stderr = new LineOutput(stderr);
    }

    void define(Linker linker) {
        linker.function(ENVIRONMENT, "get-environment", a -> List.of());
        linker.function(ENVIRONMENT, "get-arguments", a -> List.of());
        linker.function(ENVIRONMENT, "initial-cwd", a -> Optional.empty());

        linker.function(
                EXIT,
                "exit",
                a -> {
                    throw new WasiExit(((ResultValue) a[0]).ok() ? 0 : 1);
                });
        linker.function(
                EXIT,
                "exit-with-code",
                a -> {
                    throw new WasiExit((Integer) a[0]);
                });

        linker.function("wasi:cli/stdin@0.2.0", "get-stdin", a -> stdin);
        linker.function("wasi:cli/stdout@0.2.0", "get-stdout", a -> stdout);
        linker.function("wasi:cli/stderr@0.2.0", "get-stderr", a -> stderr);

        // No terminal is attached to a plugin.
        linker.resource(
                "wasi:cli/terminal-input@0.2.0",
                "terminal-input",
                new ResourceType("terminal-input"),
                null);
        linker.resource(
                "wasi:cli/terminal-output@0.2.0",
                "terminal-output",
                new ResourceType("terminal-output"),
                null);
        linker.function(
                "wasi:cli/terminal-stdin@0.2.0", "get-terminal-stdin", a -> Optional.empty());
        linker.function(
                "wasi:cli/terminal-stdout@0.2.0", "get-terminal-stdout", a -> Optional.empty());
        linker.function(
                "wasi:cli/terminal-stderr@0.2.0", "get-terminal-stderr", a -> Optional.empty());
    }
}
