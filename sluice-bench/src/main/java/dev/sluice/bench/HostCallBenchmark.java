package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.event.EventLimits;
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
import java.util.Set;
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
 * Host-service calls from inside a plugin: the host-bench plugin
 * (plugins/sluice/host-bench-rust.wasm) makes {@value #CALLS} calls of one kind per record over
 * batches of {@value #BATCH} records, or none. One call costs (time with calls - time without) /
 * {@value #CALLS}, per record, so what the plugin does besides the calls cancels out. Rows {@code
 * host-calls@0}, {@code state-get@100}, {@code state-increment@100} (the server's embedded store,
 * warm) and {@code events-publish@100} (a 88-byte payload on a granted channel with one application
 * subscriber, so every publish is held for the call, then queued and handed to a bus thread);
 * summary keys {@code state_get_ns_per_call}, {@code state_increment_ns_per_call}, {@code
 * event_publish_ns}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HostCallBenchmark {

    /** Small enough that a batch's publishes stay under the per-call bound of 1,024 events. */
    static final int BATCH = 8;

    static final int CALLS = 100;

    /** {@code none} makes no calls; the others make {@value #CALLS} per record. */
    @Param({"none", "get", "increment", "publish"})
    public String op;

    private Path dir;
    private EmbeddedStateStore store;
    private Sluice sluice;
    private List<Record> batch;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("sluice-host-bench");
        store = EmbeddedStateStore.open(dir);
        // A queue deep enough that the publishes of a batch are queued rather than dropped.
        sluice =
                Sluice.builder()
                        .withStateStore(store)
                        .withEventLimits(new EventLimits(1 << 16, 16 * 1024, 1))
                        .build();
        sluice.subscribe("bench", e -> {});
        boolean none = op.equals("none");
        var file = Plugins.locate().root().resolve("plugins/sluice/host-bench-rust.wasm");
        var status =
                sluice.load(
                        file,
                        PluginSettings.builder()
                                .withEngine(ExecutionEngine.COMPILER)
                                // 800 host calls per batch while the JIT is still cold
                                .withMaxExecutionTime(Duration.ofSeconds(10))
                                .withConfig(
                                        Map.of(
                                                "calls",
                                                none ? "0" : String.valueOf(CALLS),
                                                "op",
                                                none ? "get" : op))
                                .withPermissions(
                                        Permissions.none()
                                                .withState(true)
                                                .withPublish(Set.of("bench")))
                                .build());
        sluice.enable(status.name());
        var records = new ArrayList<Record>();
        for (int i = 0; i < BATCH; i++) {
            records.add(Record.of("bench", 0, null, "record " + i));
        }
        batch = List.copyOf(records);
        for (Decision d : sluice.process(batch)) {
            if (!(d instanceof Decision.Accept)) {
                throw new IllegalStateException("host-bench did not accept a record: " + d);
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
