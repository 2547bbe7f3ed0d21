package dev.sluice.bench;

import java.util.Arrays;

/**
 * One row's figure: the median time per record over the measured rounds (JMH iterations, or a
 * harness's rounds) and the error JMH reports (99.9% confidence half-width), or half the range of
 * the rounds for the non-JMH harnesses.
 */
public record Measured(String row, double medianNs, double errorNs, String note) {

    /** From a harness's per-round figures. */
    public static Measured ofRounds(String row, double[] rounds, String note) {
        double spread =
                Arrays.stream(rounds).max().orElse(0) - Arrays.stream(rounds).min().orElse(0);
        return new Measured(row, median(rounds), spread / 2, note);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public double recordsPerSecond() {
        return 1e9 / medianNs;
    }
}
