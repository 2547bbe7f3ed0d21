package dev.sluice.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link FilterBenchmark} through JMH's API and turns its results into rows. */
final class JmhRows {

    private final boolean quick;

    JmhRows(boolean quick) {
        this.quick = quick;
    }

    /**
     * @param java the java executable for the forks
     * @param jvmArgs extra JVM arguments for the forks
     * @param threads benchmark threads (only Sluice's rows are thread-safe)
     */
    List<Measured> run(
            List<String> engines,
            List<Integer> sizes,
            String java,
            List<String> jvmArgs,
            int threads,
            String suffix)
            throws RunnerException {
        ChainedOptionsBuilder options =
                options(java, jvmArgs, threads)
                        .include(FilterBenchmark.class.getName() + ".filter")
                        .param("engine", engines.toArray(String[]::new))
                        .param(
                                "valueSize",
                                sizes.stream().map(String::valueOf).toArray(String[]::new));
        return rows(
                new Runner(options.build()).run(),
                p -> p.getParam("engine") + "@" + p.getParam("valueSize") + suffix,
                threads);
    }

    /**
     * {@link WorldBatchBenchmark}: batches of 64 records of 100 B through the chain, one row per
     * plugin ({@code world-accept-all@100}, ...). A longer warm-up than the filter rows: a plugin
     * that allocates runs its allocator's malloc, a guest function Chicory turns into a JVM method
     * of about 8 KB, which C2 takes several seconds to compile (the transform measured 36 µs per
     * record after 4 s and 2.2 µs after 8 s on 2026-12-02).
     */
    List<Measured> runWorld(String java, List<String> jvmArgs) throws RunnerException {
        var options =
                options(java, jvmArgs, 1)
                        .warmupIterations(quick ? 6 : 10)
                        .warmupTime(TimeValue.seconds(1))
                        .include(WorldBatchBenchmark.class.getName() + ".batch");
        return rows(new Runner(options.build()).run(), p -> p.getParam("plugin") + "@100", 1);
    }

    /**
     * {@link HostCallBenchmark}: host-service calls from inside a plugin, rows {@code host-calls@0}
     * (none), {@code state-get@100}, {@code state-increment@100} and {@code events-publish@100} (ns
     * per record).
     */
    List<Measured> runHostCalls(String java, List<String> jvmArgs) throws RunnerException {
        var options =
                options(java, jvmArgs, 1)
                        .warmupIterations(quick ? 6 : 10)
                        .warmupTime(TimeValue.seconds(1))
                        .include(HostCallBenchmark.class.getName() + ".record");
        return rows(new Runner(options.build()).run(), p -> row(p.getParam("op")), 1);
    }

    private static String row(String op) {
        return switch (op) {
            case "none" -> "host-calls@0";
            case "publish" -> "events-publish@" + HostCallBenchmark.CALLS;
            default -> "state-" + op + "@" + HostCallBenchmark.CALLS;
        };
    }

    private ChainedOptionsBuilder options(String java, List<String> jvmArgs, int threads) {
        return new OptionsBuilder()
                .forks(quick ? 1 : 2)
                .warmupIterations(quick ? 3 : 4)
                .warmupTime(TimeValue.milliseconds(quick ? 400 : 1000))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.milliseconds(quick ? 400 : 1000))
                .timeUnit(TimeUnit.NANOSECONDS)
                .threads(threads)
                .jvm(java)
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(true);
    }

    private static List<Measured> rows(
            Collection<RunResult> results,
            java.util.function.Function<org.openjdk.jmh.infra.BenchmarkParams, String> name,
            int threads) {
        var rows = new ArrayList<Measured>();
        for (RunResult result : results) {
            var primary = result.getPrimaryResult();
            rows.add(
                    new Measured(
                            name.apply(result.getParams()),
                            primary.getStatistics().getPercentile(50),
                            Double.isNaN(primary.getScoreError()) ? 0 : primary.getScoreError(),
                            threads + " thread" + (threads > 1 ? "s" : "")));
        }
        return rows;
    }
}
