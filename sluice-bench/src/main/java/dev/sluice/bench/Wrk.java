package dev.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP load generator: wrk, a separate C process (not Sluice's code, and cheap enough per
 * request that the server, not the client, is what runs out of CPU), one thread holding a fixed
 * number of keep-alive connections, each with one request in flight. It posts one 100-byte record
 * per request to {@code /produce}.
 */
final class Wrk {

    /** Connections, each with one request in flight: the load is closed, not open. */
    static final int CONNECTIONS = 4;

    /**
     * One wrk run's figures; {@code failed} counts the answers that were not 2xx and the socket
     * errors.
     */
    record Load(double requestsPerSecond, double p50Ms, double p99Ms, long requests, long failed) {}

    /**
     * More failed answers than this fraction make a run an error: such answers (a 503 "overloaded",
     * a 422 rejection) cost the server less than storing a record, so the throughput would be that
     * of another workload. Fewer are reported with the figures, never hidden: a record refused
     * under load is something a producer sees.
     */
    static final double MAX_FAILED = 0.001;

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
    private static final Pattern PERCENTILE =
            Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile(
                    "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final Path work;
    private final Path script;

    private Wrk(Path work, Path script) {
        this.work = work;
        this.script = script;
    }

    /** Writes the request script into {@code work}. */
    static Wrk posting(Path work) throws Exception {
        Path script = work.resolve("produce.lua");
        Files.writeString(
                script,
                "wrk.method = \"POST\"\n"
                        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                        + "wrk.body = '"
                        + BenchServer.RECORD_JSON
                        + "'\n");
        return new Wrk(work, script);
    }

    /**
     * Loads {@code server} for {@code seconds} (wrk takes whole seconds); fails if too many answers
     * failed ({@link #MAX_FAILED}).
     */
    Load run(BenchServer server, int seconds) throws Exception {
        String out =
                Processes.run(
                        List.of(
                                "wrk",
                                "-t1",
                                "-c" + CONNECTIONS,
                                "-d" + seconds + "s",
                                "--latency",
                                "-s",
                                script.toString(),
                                "http://127.0.0.1:" + server.port() + "/produce"),
                        work,
                        seconds + 30L);
        try {
            return parse(out);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "wrk against the server with " + server.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Reads wrk's report; fails if more than {@link #MAX_FAILED} of the answers failed. */
    static Load parse(String wrkOutput) {
        var rps = RPS.matcher(wrkOutput);
        var requests = REQUESTS.matcher(wrkOutput);
        if (!rps.find() || !requests.find()) {
            throw new IllegalStateException("no Requests/sec in wrk's output:\n" + wrkOutput);
        }
        long total = Long.parseLong(requests.group(1));
        long failed = 0;
        var non2xx = NON_2XX.matcher(wrkOutput);
        if (non2xx.find()) {
            failed += Long.parseLong(non2xx.group(1));
        }
        var socket = SOCKET_ERRORS.matcher(wrkOutput);
        if (socket.find()) {
            failed += errors(socket);
        }
        if (failed > MAX_FAILED * total) {
            throw new IllegalStateException(
                    failed
                            + " of "
                            + total
                            + " answers were not 2xx or failed on the socket (the server's log"
                            + " says why):\n"
                            + wrkOutput);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        var m = PERCENTILE.matcher(wrkOutput);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2));
            double ms =
                    switch (m.group(3)) {
                        case "us" -> value / 1000;
                        case "s" -> value * 1000;
                        default -> value;
                    };
            if (m.group(1).equals("50")) {
                p50 = ms;
            } else {
                p99 = ms;
            }
        }
        return new Load(Double.parseDouble(rps.group(1)), p50, p99, total, failed);
    }

    private static long errors(Matcher socket) {
        long sum = 0;
        for (int g = 1; g <= 4; g++) {
            sum += Long.parseLong(socket.group(g));
        }
        return sum;
    }
}
