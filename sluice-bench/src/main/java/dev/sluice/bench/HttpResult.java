package dev.sluice.bench;

/**
 * One chain's figures from the HTTP benchmark's rounds.
 *
 * <p>{@code requestsPerSecond} is what wrk measured; {@code ratioToNone} is that throughput divided
 * by the chain without plugins <em>of the same round</em> (adjacent seconds of the same machine).
 * {@code cpuMicrosPerRequest} is the CPU time the server process (all its threads: requests, JIT,
 * GC) used per request answered, and {@code cpuRatioToNone} the chain without plugins' CPU per
 * request divided by this chain's, per round: the throughput ratio a machine whose CPU the server
 * has to itself would show. Throughput on a shared machine moves with what its other tenants do;
 * CPU per request moves much less, so it is the steadier of the two comparisons.
 *
 * <p>{@code failed} counts measured answers that were not 2xx or failed on the socket (a few are
 * tolerated and shown, see {@link Wrk#MAX_FAILED}).
 */
public record HttpResult(
        int plugins,
        int rounds,
        Spread requestsPerSecond,
        Spread ratioToNone,
        Spread cpuMicrosPerRequest,
        Spread cpuRatioToNone,
        double p50Ms,
        double p99Ms,
        double warmupSeconds,
        long requests,
        long failed) {}
