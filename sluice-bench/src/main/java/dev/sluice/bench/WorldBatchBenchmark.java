package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Bytes;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Batches through the chain: {@link Sluice#process(List)} with {@value #BATCH} records of 100 B
 * (the benchmark's sixteen records four times, each value ending in a digit so the transform
 * rewrites every one it can), one plugin, per record. A sluice:plugin plugin gets one call per
 * batch, a Blink plugin one per record.
 *
 * <ul>
 *   <li>{@code world-accept-all}: a C SDK plugin that accepts everything; its time per record is
 *       the host's overhead on the world (the batch lowered, the call, the verdicts lifted);
 *   <li>{@code world-filter-rust} against {@code blink-filter-rust}: the same content rules, the
 *       Rust SDK build batched and the Blink core module;
 *   <li>{@code world-transform-rust}: mask-digits, rewriting every value with a digit.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WorldBatchBenchmark {

    static final int BATCH = 64;

    @Param({"world-accept-all", "world-filter-rust", "blink-filter-rust", "world-transform-rust"})
    public String plugin;

    private Sluice sluice;
    private List<Record> batch;

    @Setup(Level.Trial)
    public void setUp() {
        var records = new ArrayList<Record>();
        while (records.size() < BATCH) {
            for (var r : BenchRecords.records(100)) {
                var value = r.valueText();
                records.add(
                        value.isEmpty()
                                ? r
                                : r.toBuilder()
                                        .value(Bytes.utf8(value.substring(1) + "7"))
                                        .build());
            }
        }
        batch = List.copyOf(records.subList(0, BATCH));
        sluice = Sluice.builder().build();
        var status =
                sluice.load(
                        file(Plugins.locate(), plugin),
                        PluginSettings.builder().withEngine(ExecutionEngine.COMPILER).build());
        sluice.enable(status.name());
        long stored = stored();
        if (stored == 0) {
            throw new IllegalStateException(plugin + " stored nothing of the batch");
        }
    }

    static Path file(Plugins plugins, String plugin) {
        return switch (plugin) {
            case "world-accept-all" -> plugins.root().resolve("plugins/sluice/accept-all-c.wasm");
            case "world-filter-rust" ->
                    plugins.root().resolve("plugins/sluice/content-filter-rust.wasm");
            case "blink-filter-rust" -> plugins.rustFilter();
            case "world-transform-rust" ->
                    plugins.root().resolve("plugins/sluice/mask-digits-rust.wasm");
            default -> throw new IllegalArgumentException("unknown plugin " + plugin);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sluice.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long batch() {
        return stored();
    }

    private long stored() {
        long stored = 0;
        for (Decision d : sluice.process(batch)) {
            if (d instanceof Decision.Accept) {
                stored++;
            } else if (d instanceof Decision.Replace r) {
                stored += r.records().size();
            }
        }
        return stored;
    }
}
