package dev.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the benchmark's helper processes, bounded in time, and hands back what they print. */
final class Processes {

    private Processes() {}

    /** Runs a command to completion and returns its standard output; fails with its stderr. */
    static String run(List<String> command, Path directory, long timeoutSeconds)
            throws IOException, InterruptedException {
        var process =
                new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectError(ProcessBuilder.Redirect.PIPE)
                        .start();
        var stderr = new StringBuilder();
        var errReader =
                startDaemon(
                        () -> {
                            try {
                                stderr.append(
                                        new String(
                                                process.getErrorStream().readAllBytes(),
                                                StandardCharsets.UTF_8));
                            } catch (IOException e) {
                                // the process went away; its exit code tells
                            }
                        });
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(
                    String.join(" ", command) + " took over " + timeoutSeconds + " s");
        }
        errReader.join();
        if (process.exitValue() != 0) {
            throw new IOException(
                    String.join(" ", command)
                            + " exited with "
                            + process.exitValue()
                            + ": "
                            + stderr.toString().strip());
        }
        return out.strip();
    }

    private static Thread startDaemon(Runnable body) {
        var thread = new Thread(body, "bench-stderr");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Whether a program is on the PATH. */
    static boolean available(String program) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + program)
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
