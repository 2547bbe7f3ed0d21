package dev.sluice.bench;

/**
 * One chain's figures from the HTTP benchmark's rounds: the median round's throughput and the range
 * of all rounds, the median p50 and p99 latencies, and the chain's throughput as a fraction of the
 * chain without plugins, taken within each round (adjacent seconds of the same machine) and given
 * as the median over rounds with its range.
 */
public record HttpResult(
        int plugins,
        int rounds,
        double requestsPerSecond,
        double minRequestsPerSecond,
        double maxRequestsPerSecond,
        double p50Ms,
        double p99Ms,
        double ratioToNone,
        double minRatioToNone,
        double maxRatioToNone,
        double warmupSeconds,
        long requests,
        long failed) {}
