package dev.sluice.kafka.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own running a main class from this test class path, its output in a log file. The
 * broker and the Connect worker run this way so that their threads, logging and exits stay out of
 * the test JVM.
 */
final class JavaProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String what;

    private JavaProcess(Process process, Path log, String what) {
        this.process = process;
        this.log = log;
        this.what = what;
    }

    /**
     * Flags for a JVM that starts fast and stays small, as tests want it: the serial collector and
     * C1 only. Not how Kafka runs in production (see {@link #KAFKA_LAUNCHER_FLAGS}).
     */
    static List<String> testFlags(String maxHeap) {
        return List.of("-Xmx" + maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    /**
     * What Kafka's own scripts start a broker with: kafka-server-start.sh's heap ({@code
     * KAFKA_HEAP_OPTS}) and kafka-run-class.sh's {@code KAFKA_JVM_PERFORMANCE_OPTS} (G1 with a 20
     * ms pause goal, the full tiered JIT), for a benchmark that compares against Kafka as shipped.
     */
    static final List<String> KAFKA_LAUNCHER_FLAGS =
            List.of(
                    "-Xmx1G",
                    "-Xms1G",
                    "-server",
                    "-XX:+UseG1GC",
                    "-XX:MaxGCPauseMillis=20",
                    "-XX:InitiatingHeapOccupancyPercent=35",
                    "-XX:+ExplicitGCInvokesConcurrent",
                    "-Djava.awt.headless=true");

    static JavaProcess start(String what, Path log, String maxHeap, Class<?> main, String... args)
            throws IOException {
        return start(what, log, testFlags(maxHeap), main, args);
    }

    static JavaProcess start(
            String what, Path log, List<String> jvmFlags, Class<?> main, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        return new JavaProcess(process, log, what);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** An error saying the process is gone, with the end of its log. */
    IllegalStateException died() {
        return new IllegalStateException(
                what + " exited with " + process.exitValue() + "; its log ends:\n" + logTail());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(" + log + " unreadable: " + e + ")";
        }
    }

    Path log() {
        return log;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
