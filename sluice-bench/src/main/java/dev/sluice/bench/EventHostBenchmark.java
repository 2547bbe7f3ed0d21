package dev.sluice.bench;

import dev.sluice.event.EventLimits;
import dev.sluice.internal.contract.PendingEvents;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.services.events.EventBus;
import dev.sluice.plugin.Permissions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The host's share of one {@code events.publish}, without the guest and the canonical ABI around
 * it: the permission and size checks, holding the event for the call, and, when the call is done,
 * queueing it for one subscriber — {@value #EVENTS} events per simulated call, per event. {@link
 * HostCallBenchmark} measures the whole publish from inside a plugin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventHostBenchmark {

    static final int EVENTS = 64;

    private final byte[] payload =
            "{\"topic\":\"orders\",\"key\":\"key-1\",\"reason\":\"rejected: value contains \\\"forbidden\\\"\"}"
                    .getBytes(StandardCharsets.UTF_8);

    private EventBus bus;
    private PendingEvents pending;

    @Setup(Level.Trial)
    public void setUp() {
        bus = new EventBus(new EventLimits(1 << 16, 16 * 1024, 1));
        bus.subscribe("audit", e -> {});
        var context = new PluginContext("audit-publisher", Map.of(), e -> {}, 1 << 20, bus);
        context.grant(Permissions.none().withPublish(Set.of("audit")));
        pending = new PendingEvents(context, 1024);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bus.close();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void publish() {
        for (int i = 0; i < EVENTS; i++) {
            pending.offer("audit", payload);
        }
        pending.publish();
    }
}
