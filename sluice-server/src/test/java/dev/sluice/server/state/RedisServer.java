package dev.sluice.server.state;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real {@code redis-server} (Debian's package; .ci/run installs it) for one test class, on a free
 * local port, saving nothing to disk. Tests using it are skipped, saying why, when it is not
 * installed.
 */
public final class RedisServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisServer start(Path dir) throws IOException, InterruptedException {
        assumeTrue(
                installed(),
                "redis-server is not installed (apt-get install redis-server; .ci/run does):"
                        + " the Redis state store tests are skipped");
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var process =
                new ProcessBuilder(
                                "redis-server",
                                "--port",
                                Integer.toString(port),
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--appendonly",
                                "no",
                                "--daemonize",
                                "no",
                                "--dir",
                                dir.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile())
                        .start();
        var server = new RedisServer(process, port);
        var deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try {
                new Socket("127.0.0.1", port).close();
                return server;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    server.close();
                    throw new IOException(
                            "redis-server did not start: "
                                    + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(20);
            }
        }
    }

    private static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "redis-server"))) {
                return true;
            }
        }
        return false;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
