package dev.sluice.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The HTTP benchmark's rounds: in each round every chain is measured once, in an order that rotates
 * from round to round (so no chain always runs first, or right after the same other chain), and
 * each chain's throughput is divided by the chain without plugins <em>of the same round</em>. The
 * machine's other load drifts over seconds; a ratio of two measurements taken seconds apart cancels
 * most of it, where a ratio of two medians taken over a minute does not.
 */
final class HttpRounds {

    private final int chains;
    private final List<Wrk.Load[]> rounds = new ArrayList<>();

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

    /** Records one round: {@code loads[i]} is chain i's measurement. */
    void add(Wrk.Load[] loads) {
        if (loads.length != chains) {
            throw new IllegalArgumentException(
                    "a round measures " + chains + " chains, not " + loads.length);
        }
        rounds.add(loads.clone());
    }

    /**
     * Chain {@code i}'s figures; chain 0 is the reference the ratios are taken against.
     *
     * @param plugins how many plugins chain {@code i} runs, for the report
     */
    HttpResult result(int i, int plugins, double warmupSeconds) {
        int n = rounds.size();
        double[] rps = new double[n];
        double[] p50 = new double[n];
        double[] p99 = new double[n];
        double[] ratio = new double[n];
        long requests = 0;
        long failed = 0;
        for (int r = 0; r < n; r++) {
            var load = rounds.get(r)[i];
            requests += load.requests();
            failed += load.failed();
            rps[r] = load.requestsPerSecond();
            p50[r] = load.p50Ms();
            p99[r] = load.p99Ms();
            ratio[r] = load.requestsPerSecond() / rounds.get(r)[0].requestsPerSecond();
        }
        return new HttpResult(
                plugins,
                n,
                Measured.median(rps),
                min(rps),
                max(rps),
                Measured.median(p50),
                Measured.median(p99),
                Measured.median(ratio),
                min(ratio),
                max(ratio),
                warmupSeconds,
                requests,
                failed);
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
