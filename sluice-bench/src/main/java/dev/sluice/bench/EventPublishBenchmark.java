package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.event.EventLimits;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * What publishing an event costs the plugin that publishes it: {@code audit-publisher} over a batch
 * of {@value #BATCH} records that it all rejects, building one audit event (about 90 bytes of JSON)
 * per record, per record.
 *
 * <ul>
 *   <li>{@code events-built}: config {@code announce: false}, the events are built and not
 *       published;
 *   <li>{@code events-published}: granted channel {@code audit} and each event published, with one
 *       subscriber (the application's, doing nothing) so every publish is queued and handed to a
 *       bus thread.
 * </ul>
 *
 * The difference per record is one {@code events.publish} as the publisher pays for it: the host
 * call, the permission check, holding it until the call succeeds, and queueing it for the
 * subscriber. The delivery runs on the bus's own threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventPublishBenchmark {

    static final int BATCH = 64;

    @Param({"events-built", "events-published"})
    public String mode;

    private Sluice sluice;
    private List<Record> batch;

    @Setup(Level.Trial)
    public void setUp() {
        batch =
                IntStream.range(0, BATCH)
                        .mapToObj(i -> Record.of("orders", 0, "key-" + i, "a forbidden value " + i))
                        .toList();
        boolean publish = mode.equals("events-published");
        // A queue deep enough that a burst is queued rather than dropped for the subscriber.
        sluice = Sluice.builder().withEventLimits(new EventLimits(1 << 16, 16 * 1024, 1)).build();
        sluice.subscribe("audit", e -> {});
        var status =
                sluice.load(
                        Plugins.locate().root().resolve("plugins/sluice/audit-publisher.wasm"),
                        PluginSettings.builder()
                                .withEngine(ExecutionEngine.COMPILER)
                                .withConfig(Map.of("announce", String.valueOf(publish)))
                                .withPermissions(Permissions.none().withPublish(Set.of("audit")))
                                .build());
        sluice.enable(status.name());
        if (rejected() != BATCH) {
            throw new IllegalStateException("audit-publisher did not reject the whole batch");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sluice.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long batch() {
        return rejected();
    }

    private long rejected() {
        long rejected = 0;
        for (Decision d : sluice.process(batch)) {
            if (d instanceof Decision.Reject) {
                rejected++;
            }
        }
        return rejected;
    }
}
