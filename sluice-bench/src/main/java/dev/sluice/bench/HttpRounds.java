package dev.sluice.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP benchmark's rounds: in each round every chain is measured once, in an order that rotates
 * from round to round (so no chain always runs first, or right after the same other chain), and
 * each chain's figures are divided by the chain without plugins' <em>of the same round</em>. The
 * machine's other load drifts over seconds; a ratio of two measurements taken seconds apart cancels
 * most of it, where a ratio of two medians taken over a minute does not.
 */
final class HttpRounds {

    /** One chain's measurement in one round: wrk's figures and the server's CPU time meanwhile. */
    record Sample(Wrk.Load load, double serverCpuSeconds) {

        double cpuMicrosPerRequest() {
            return serverCpuSeconds * 1e6 / load.requests();
        }
    }

    private final int chains;
    private final List<Sample[]> rounds = new ArrayList<>();

    HttpRounds(int chains) {
        this.chains = chains;
    }

    /** The order in which round {@code round} measures the chains: 0 1 2, 1 2 0, 2 0 1, … */
    static int[] order(int round, int chains) {
        int[] order = new int[chains];
        for (int i = 0; i < chains; i++) {
            order[i] = (round + i) % chains;
        }
        return order;
    }

    /** Records one round: {@code samples[i]} is chain i's measurement. */
    void add(Sample[] samples) {
        if (samples.length != chains) {
            throw new IllegalArgumentException(
                    "a round measures " + chains + " chains, not " + samples.length);
        }
        rounds.add(samples.clone());
    }

    /**
     * Chain {@code i}'s figures; chain 0 is the reference the ratios are taken against.
     *
     * @param plugins how many plugins chain {@code i} runs, for the report
     */
    HttpResult result(int i, int plugins, double warmupSeconds) {
        int n = rounds.size();
        double[] rps = new double[n];
        double[] ratio = new double[n];
        double[] cpu = new double[n];
        double[] cpuRatio = new double[n];
        double[] p50 = new double[n];
        double[] p99 = new double[n];
        long requests = 0;
        long failed = 0;
        for (int r = 0; r < n; r++) {
            var none = rounds.get(r)[0];
            var sample = rounds.get(r)[i];
            var load = sample.load();
            rps[r] = load.requestsPerSecond();
            ratio[r] = load.requestsPerSecond() / none.load().requestsPerSecond();
            cpu[r] = sample.cpuMicrosPerRequest();
            cpuRatio[r] = none.cpuMicrosPerRequest() / sample.cpuMicrosPerRequest();
            p50[r] = load.p50Ms();
            p99[r] = load.p99Ms();
            requests += load.requests();
            failed += load.failed();
        }
        return new HttpResult(
                plugins,
                n,
                Spread.of(rps),
                Spread.of(ratio),
                Spread.of(cpu),
                Spread.of(cpuRatio),
                Measured.median(p50),
                Measured.median(p99),
                warmupSeconds,
                requests,
                failed);
    }
}
