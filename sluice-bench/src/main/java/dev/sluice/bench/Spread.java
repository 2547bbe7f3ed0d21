package dev.sluice.bench;

import java.util.Arrays;

/** A figure over a benchmark's rounds: the median round and the lowest and highest. */
public record Spread(double median, double min, double max) {

    static Spread of(double[] rounds) {
        return new Spread(
                Measured.median(rounds),
                Arrays.stream(rounds).min().orElse(Double.NaN),
                Arrays.stream(rounds).max().orElse(Double.NaN));
    }
}
