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
                new OptionsBuilder()
                        .include(FilterBenchmark.class.getName() + ".filter")
                        .param("engine", engines.toArray(String[]::new))
                        .param(
                                "valueSize",
                                sizes.stream().map(String::valueOf).toArray(String[]::new))
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
        Collection<RunResult> results = new Runner(options.build()).run();
        var rows = new ArrayList<Measured>();
        for (RunResult result : results) {
            var params = result.getParams();
            var primary = result.getPrimaryResult();
            var stats = primary.getStatistics();
            rows.add(
                    new Measured(
                            params.getParam("engine") + "@" + params.getParam("valueSize") + suffix,
                            stats.getPercentile(50),
                            Double.isNaN(primary.getScoreError()) ? 0 : primary.getScoreError(),
                            threads + " thread" + (threads > 1 ? "s" : "")));
        }
        return rows;
    }
}
