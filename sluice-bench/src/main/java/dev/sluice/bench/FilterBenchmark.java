package dev.sluice.bench;

import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.record.Record;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The content filter over the benchmark's sixteen records, one engine per parameter value. The
 * score is time per record. The engine is shared by all benchmark threads: only Sluice is
 * thread-safe, so only its rows are run with more than one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {

    /** The engine names, as they appear in the report. */
    public static final String JAVA = "java",
            SLUICE_RUST = "sluice-rust",
            SLUICE_C = "sluice-c",
            SLUICE_COMPONENT = "sluice-component-rust",
            SLUICE_INTERPRETER = "sluice-interpreter-rust",
            SLUICE_ACCEPT_ALL = "sluice-accept-all",
            CHICORY_PLAIN = "chicory-plain-rust",
            EXTISM = "extism",
            GRAALWASM = "graalwasm-rust";

    @Param({
        JAVA,
        SLUICE_RUST,
        SLUICE_C,
        SLUICE_COMPONENT,
        SLUICE_INTERPRETER,
        SLUICE_ACCEPT_ALL,
        CHICORY_PLAIN,
        EXTISM,
        GRAALWASM
    })
    public String engine;

    @Param({"100", "10240"})
    public int valueSize;

    private FilterEngine filter;
    private Record[] records;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        records = BenchRecords.records(valueSize).toArray(Record[]::new);
        filter = open(engine, Plugins.locate());
        int accepted = run();
        int expected = engine.equals(SLUICE_ACCEPT_ALL) ? records.length : BenchRecords.ACCEPTED;
        if (accepted != expected) {
            throw new IllegalStateException(
                    engine + " accepted " + accepted + " records, expected " + expected);
        }
    }

    static FilterEngine open(String engine, Plugins plugins) throws Exception {
        return switch (engine) {
            case JAVA -> new JavaFilter();
            case SLUICE_RUST -> new SluiceFilter(plugins.rustFilter(), ExecutionEngine.COMPILER);
            case SLUICE_C -> new SluiceFilter(plugins.cFilter(), ExecutionEngine.COMPILER);
            case SLUICE_COMPONENT ->
                    new SluiceFilter(plugins.rustFilterComponent(), ExecutionEngine.COMPILER);
            case SLUICE_INTERPRETER ->
                    new SluiceFilter(plugins.rustFilter(), ExecutionEngine.INTERPRETER);
            case SLUICE_ACCEPT_ALL ->
                    new SluiceFilter(plugins.acceptAll(), ExecutionEngine.COMPILER);
            case CHICORY_PLAIN -> new PlainChicoryFilter(plugins.rustFilter());
            case EXTISM -> new ExtismFilter(plugins.extismFilter());
            case GRAALWASM -> new GraalWasmFilter(plugins.rustFilter());
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        filter.close();
    }

    @Benchmark
    @OperationsPerInvocation(16)
    public int filter() {
        return run();
    }

    private int run() {
        int accepted = 0;
        for (Record record : records) {
            if (filter.accept(record)) {
                accepted++;
            }
        }
        return accepted;
    }
}
