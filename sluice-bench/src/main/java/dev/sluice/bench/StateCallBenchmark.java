package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.server.state.EmbeddedStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * State calls from inside a plugin, on the server's embedded store (warm): the state-bench plugin
 * (plugins/sluice/state-bench-rust.wasm) makes {@code calls} calls of {@code op} per record, over
 * batches of {@value #BATCH} records. One call costs (time at {@code calls} - time at 0) / {@code
 * calls}, per record: rows {@code state-get@0}, {@code state-get@100}, {@code state-increment@100};
 * summary keys {@code state_get_ns_per_call}, {@code state_increment_ns_per_call}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StateCallBenchmark {

    static final int BATCH = 16;

    @Param({"get", "increment"})
    public String op;

    @Param({"0", "100"})
    public String calls;

    private Path dir;
    private EmbeddedStateStore store;
    private Sluice sluice;
    private List<Record> batch;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("sluice-state-bench");
        store = EmbeddedStateStore.open(dir);
        sluice = Sluice.builder().withStateStore(store).build();
        var file = Plugins.locate().root().resolve("plugins/sluice/state-bench-rust.wasm");
        var status =
                sluice.load(
                        file,
                        PluginSettings.builder()
                                .withEngine(ExecutionEngine.COMPILER)
                                // 1,600 host calls per batch while the JIT is still cold
                                .withMaxExecutionTime(Duration.ofSeconds(10))
                                .withConfig(Map.of("calls", calls, "op", op))
                                .withPermissions(Permissions.none().withState(true))
                                .build());
        sluice.enable(status.name());
        var records = new ArrayList<Record>();
        for (int i = 0; i < BATCH; i++) {
            records.add(Record.of("bench", 0, null, "record " + i));
        }
        batch = List.copyOf(records);
        for (Decision d : sluice.process(batch)) {
            if (!(d instanceof Decision.Accept)) {
                throw new IllegalStateException("state-bench did not accept a record: " + d);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        sluice.close();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long record() {
        return accepted();
    }

    private long accepted() {
        long n = 0;
        for (Decision d : sluice.process(batch)) {
            if (d instanceof Decision.Accept) {
                n++;
            }
        }
        return n;
    }
}
