package dev.sluice.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server end to end: one real server per chain (no plugin; the Rust filter; the Rust filter,
 * its C build and its component), each in its own JVM on a loopback port, loaded by {@link Wrk}.
 * Each server is warmed until its throughput stops rising, then all are measured in interleaved
 * rounds ({@link HttpRounds}). Every part is bounded in time.
 */
final class HttpBench {

    /** How long each measurement and each warm-up slice lasts, and how many rounds to run. */
    record Plan(int sliceSeconds, int rounds, double minWarmupSeconds, double maxWarmupSeconds) {

        static final Plan QUICK = new Plan(2, 8, 10, 50);
        static final Plan FULL = new Plan(3, 12, 20, 90);
    }

    /**
     * A warm-up slice whose CPU per request is more than this below the lowest so far is the JIT
     * (or the log filling up) still at work.
     */
    private static final double STILL_FALLING = 0.97;

    /**
     * A slice in which the JIT's compiler threads used more than this share of the server's CPU is
     * still warming up, however flat its throughput: on a loaded machine the compiler threads get
     * little CPU, the server runs interpreted for a long time, and its CPU per request stays flat
     * at a high level, which is not warm.
     */
    private static final double STILL_COMPILING = 0.05;

    /** Slices in a row that must pass both tests above for the server to count as warm. */
    private static final int FLAT_SLICES = 3;

    private final Plugins plugins;
    private final Path work;
    private final Plan plan;
    private final String java;

    HttpBench(Plugins plugins, Path work, Plan plan, String java) {
        this.plugins = plugins;
        this.work = work;
        this.plan = plan;
        this.java = java;
    }

    List<HttpResult> run() throws Exception {
        var chains =
                List.of(
                        List.<Path>of(),
                        List.of(plugins.rustFilter()),
                        List.of(
                                plugins.rustFilter(),
                                plugins.cFilter(),
                                plugins.rustFilterComponent()));
        var wrk = Wrk.posting(work);
        Path jar = plugins.root().resolve("sluice-server/target/sluice-server-0.1.0-SNAPSHOT.jar");
        var servers = new ArrayList<BenchServer>();
        try {
            for (var chain : chains) {
                servers.add(BenchServer.start(java, jar, work, chain));
            }
            double[] warmup = new double[servers.size()];
            for (int i = 0; i < servers.size(); i++) {
                warmup[i] = warm(wrk, servers.get(i));
            }
            var rounds = new HttpRounds(servers.size());
            for (int round = 0; round < plan.rounds(); round++) {
                var samples = new HttpRounds.Sample[servers.size()];
                for (int i : HttpRounds.order(round, servers.size())) {
                    var server = servers.get(i);
                    double cpu = server.cpuSeconds();
                    var load = wrk.run(server, plan.sliceSeconds());
                    samples[i] = new HttpRounds.Sample(load, server.cpuSeconds() - cpu);
                }
                rounds.add(samples);
                System.err.printf(
                        "sluice-bench: HTTP round %d/%d: %s%n",
                        round + 1, plan.rounds(), describe(samples));
            }
            var results = new ArrayList<HttpResult>();
            for (int i = 0; i < servers.size(); i++) {
                results.add(rounds.result(i, servers.get(i).plugins(), warmup[i]));
            }
            return results;
        } finally {
            for (var server : servers) {
                server.close();
            }
        }
    }

    /**
     * Loads {@code server} in slices until it is warm — at least the plan's minimum, then until
     * {@link #FLAT_SLICES} slices in a row have neither lowered its CPU time per request by more
     * than {@link #STILL_FALLING} nor spent more than {@link #STILL_COMPILING} of it in the JIT, at
     * most the plan's maximum — and returns how long that took. The JIT needs tens of seconds on
     * two shared cores, more when the machine is busy: a fixed two seconds measured the warm-up
     * curve instead of the server. CPU is the signal, not throughput, because throughput rises and
     * falls with the machine's other load whether the server warms or not.
     */
    private double warm(Wrk wrk, BenchServer server) throws Exception {
        long start = System.nanoTime();
        double best = Double.POSITIVE_INFINITY;
        int flat = 0;
        while (true) {
            double cpu = server.cpuSeconds();
            double jit = server.compilerCpuSeconds();
            var load = wrk.run(server, plan.sliceSeconds());
            double used = server.cpuSeconds() - cpu;
            double compiling = Math.max(0, server.compilerCpuSeconds() - jit) / used;
            double perRequest = new HttpRounds.Sample(load, used).cpuMicrosPerRequest();
            if (perRequest < best * STILL_FALLING || compiling > STILL_COMPILING) {
                flat = 0;
            } else {
                flat++;
            }
            best = Math.min(best, perRequest);
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed >= plan.maxWarmupSeconds()
                    || (elapsed >= plan.minWarmupSeconds() && flat >= FLAT_SLICES)) {
                System.err.printf(
                        Locale.ROOT,
                        "sluice-bench: HTTP server with %s warm after %.0f s (%.0f requests/s,"
                                + " %.1f µs CPU per request, %.0f%% of it compiling)%s%n",
                        server.describe(),
                        elapsed,
                        load.requestsPerSecond(),
                        perRequest,
                        100 * compiling,
                        flat >= FLAT_SLICES
                                ? ""
                                : "; NOT WARM: still compiling or getting faster at the time"
                                        + " limit (the machine is busy), so the rounds below"
                                        + " measure part of its warm-up");
                return elapsed;
            }
        }
    }

    private static String describe(HttpRounds.Sample[] samples) {
        var out = new StringBuilder();
        for (var s : samples) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%.0f/s %.1f µs; ",
                            s.load().requestsPerSecond(),
                            s.cpuMicrosPerRequest()));
        }
        return out.append("(requests/s, server CPU per request)").toString();
    }
}
