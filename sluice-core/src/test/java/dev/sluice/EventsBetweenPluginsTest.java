package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.sluice.event.Event;
import dev.sluice.plugin.OnError;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginMetric;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginState;
import dev.sluice.plugin.ServiceMetric;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import dev.sluice.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The event bus with real plugins: the audit pair (one publishes for every record it rejects, the
 * other subscribes and counts), permissions, calls that fail, subscribers that trap, unloading.
 */
class EventsBetweenPluginsTest {

    private static final Map<String, String> AUDIT = Map.of("channel", "audit");

    private final EngineHarness engine = new EngineHarness();
    private final LogCapture engineLog = LogCapture.of("dev.sluice.plugins");
    private final Sluice sluice = engine.sluice();

    @AfterEach
    void close() {
        engine.close();
        engineLog.close();
    }

    private static PluginSettings.Builder generous() {
        // A loaded machine must not make a correct plugin's call time out.
        return PluginSettings.builder()
                .withMaxExecutionTime(Duration.ofSeconds(5))
                .withMaxInitTime(Duration.ofSeconds(10));
    }

    private String publisher(Permissions permissions) {
        return engine.loadEnabled(
                Fixtures.example("sluice/audit-publisher.wasm"),
                generous()
                        .withConfig(Map.of("word", "forbidden"))
                        .withPermissions(permissions)
                        .build());
    }

    private String counter(Map<String, String> config, OnError onError) {
        return engine.loadEnabled(
                Fixtures.example("sluice/audit-counter.wasm"),
                generous().withConfig(config).withOnError(onError).build());
    }

    private static Permissions audit() {
        return Permissions.none().withPublish(Set.of("audit"));
    }

    private long auditEvents() {
        return sluice.pluginMetrics().stream()
                .filter(m -> m instanceof PluginMetric.Counter c && c.name().equals("audit_events"))
                .mapToLong(m -> ((PluginMetric.Counter) m).total())
                .sum();
    }

    private long service(String plugin, String name) {
        return sluice.serviceMetrics().stream()
                .filter(
                        m ->
                                m instanceof ServiceMetric.Count c
                                        && c.plugin().equals(plugin)
                                        && c.name().equals(name)
                                        && c.labels().equals(AUDIT))
                .mapToLong(m -> ((ServiceMetric.Count) m).total())
                .sum();
    }

    private static List<Record> records(String... values) {
        return java.util.Arrays.stream(values)
                .map(v -> Record.of("orders", 0, "k-" + v, v))
                .toList();
    }

    @Test
    void everyRejectedRecordIsAnnouncedAndCountedBySubscribers() {
        String counter = counter(Map.of(), OnError.ALLOW);
        String publisher = publisher(audit());
        var seen = new CopyOnWriteArrayList<Event>();
        sluice.subscribe("audit", seen::add);

        var decisions = sluice.process(records("ok", "a forbidden word", "fine", "forbidden", "x"));

        assertThat(decisions)
                .extracting(d -> d.getClass().getSimpleName())
                .containsExactly("Accept", "Reject", "Accept", "Reject", "Accept");
        Poll.until("the counter counted 2", () -> auditEvents() == 2);
        Poll.until("the application saw 2", () -> seen.size() == 2);
        assertThat(seen)
                .extracting(e -> e.payload().text())
                .containsExactly(
                        "{\"topic\":\"orders\",\"key\":\"k-a forbidden word\","
                                + "\"reason\":\"rejected: value contains \\\"forbidden\\\"\"}",
                        "{\"topic\":\"orders\",\"key\":\"k-forbidden\","
                                + "\"reason\":\"rejected: value contains \\\"forbidden\\\"\"}");
        assertThat(seen).allMatch(e -> e.publisher().equals(publisher));
        assertThat(service(publisher, "published")).isEqualTo(2);
        Poll.until("2 delivered to the counter", () -> service(counter, "delivered") == 2);
    }

    @Test
    void eventsKeepTheirOrderAcrossManyBatches() {
        counter(Map.of(), OnError.ALLOW);
        publisher(audit());
        var seen = new CopyOnWriteArrayList<String>();
        sluice.subscribe("audit", e -> seen.add(e.payload().text()));

        for (int batch = 0; batch < 10; batch++) {
            int b = batch;
            sluice.process(
                    IntStream.range(0, 20)
                            .mapToObj(i -> Record.of("t", 0, b + "." + i, "forbidden"))
                            .toList());
        }

        Poll.until("200 events", () -> seen.size() == 200);
        assertThat(seen)
                .extracting(s -> s.substring(s.indexOf("\"key\":\"") + 7, s.indexOf("\",\"reason")))
                .containsExactlyElementsOf(
                        IntStream.range(0, 200).mapToObj(i -> i / 20 + "." + i % 20).toList());
        Poll.until("the counter counted 200", () -> auditEvents() == 200);
    }

    @Test
    void withoutThePermissionNothingIsPublishedAndTheErrorSaysWhichKey() {
        counter(Map.of(), OnError.ALLOW);
        String publisher = publisher(Permissions.none());
        var seen = new CopyOnWriteArrayList<Event>();
        sluice.subscribe("audit", seen::add);

        assertThat(sluice.process(records("forbidden", "forbidden")))
                .allMatch(d -> d instanceof Decision.Reject);

        assertThat(engine.pluginLog().messages(Level.WARN, publisher))
                .singleElement()
                .asString()
                .contains(
                        "audit event not published: permission 'events' is not granted to plugin"
                                + " audit-publisher (settings: plugins.audit-publisher.permissions)");
        assertThat(sluice.serviceMetrics())
                .contains(new ServiceMetric.Count(publisher, "events", "denied", Map.of(), 2));
        assertThat(service(publisher, "published")).isZero();
        assertThat(seen).isEmpty();
        assertThat(auditEvents()).isZero();
    }

    @Test
    void aChannelTheGrantDoesNotListIsRefusedNamingIt() {
        String publisher = publisher(Permissions.none().withPublish(Set.of("other")));

        sluice.process(records("forbidden"));

        assertThat(engine.pluginLog().messages(Level.WARN, publisher))
                .singleElement()
                .asString()
                .contains(
                        "plugin audit-publisher may not publish on channel 'audit': it is not in"
                                + " plugins.audit-publisher.permissions.events.publish [other]");
    }

    @Test
    void aSubscriberThatTrapsFollowsItsFailurePolicyAndOthersStillGetEverything() {
        String failing = counter(Map.of("fail_on", "k-2"), OnError.ALLOW);
        String publisher = publisher(audit());
        var seen = new CopyOnWriteArrayList<String>();
        sluice.subscribe("audit", e -> seen.add(e.payload().text()));

        sluice.process(records("1 forbidden", "2 forbidden", "3 forbidden"));

        Poll.until("the application got all 3", () -> seen.size() == 3);
        Poll.until("the trap counted", () -> service(failing, "failed") == 1);
        Poll.until("the others delivered", () -> service(failing, "delivered") == 2);
        assertThat(auditEvents()).as("events 1 and 3; 2 trapped").isEqualTo(2);
        assertThat(sluice.plugin(failing).orElseThrow().failures()).isEqualTo(1);
        assertThat(sluice.plugin(failing).orElseThrow().state()).isEqualTo(PluginState.ENABLED);
        assertThat(sluice.plugin(publisher).orElseThrow().failures()).isZero();
    }

    @Test
    void aCallThatFailsPublishesNothingOnTheBus() {
        // OurChat's emit_event and the sluice world's publish share one holding mechanism.
        var seen = new CopyOnWriteArrayList<String>();
        sluice.subscribe("7", e -> seen.add(e.payload().text()));
        sluice.load(
                Fixtures.testdata("ourchat-limits.wasm"),
                generous().withPermissions(Permissions.none().withPublish(Set.of("7"))).build());
        sluice.enable("ourchat-limits");

        assertThat(sluice.process(Record.of("t", 0, null, "E")))
                .isInstanceOf(Decision.Reject.class); // emitted one event, then trapped
        assertThat(sluice.process(Record.of("t", 0, null, "e")))
                .isInstanceOf(Decision.Accept.class); // emitted 20: 16 held, 4 dropped

        Poll.until("the successful call's 16 events", () -> seen.size() == 16);
        assertThat(seen).allMatch(s -> s.startsWith("xxxx") && !s.equals("xxxxx"));
        // The listener gets them too, with both instances' on_plugin_load "loaded" (type 1).
        assertThat(engine.events()).filteredOn(e -> e.type() == 7).hasSize(16);
    }

    @Test
    void unloadingASubscriberCancelsItsSubscription() {
        String counter = counter(Map.of(), OnError.ALLOW);
        publisher(audit());
        assertThat(sluice.publish("audit", "{}".getBytes())).isEqualTo(1);
        Poll.until("counted", () -> auditEvents() == 1);

        sluice.unload(counter);

        assertThat(sluice.publish("audit", "{}".getBytes())).isZero();
        assertThat(sluice.process(records("forbidden")))
                .allMatch(d -> d instanceof Decision.Reject);
    }

    @Test
    void aDisabledSubscriberMissesEventsAndCountsThemAsFailed() {
        String counter = counter(Map.of(), OnError.ALLOW);
        sluice.disable(counter);

        sluice.publish("audit", "{}".getBytes());

        Poll.until("counted as not delivered", () -> service(counter, "failed") == 1);
        assertThat(auditEvents()).isZero();
        sluice.enable(counter);
        sluice.publish("audit", "{}".getBytes());
        Poll.until("delivered once enabled", () -> auditEvents() == 1);
    }

    @Test
    void aReplacedSubscriberGetsEachEventOnceAndLosesNoneQueuedForTheOldVersion() throws Exception {
        String counter = counter(Map.of(), OnError.ALLOW);
        var file = Fixtures.example("sluice/audit-counter.wasm");
        var running = new java.util.concurrent.atomic.AtomicBoolean(true);
        var queued = new java.util.concurrent.atomic.AtomicLong();
        var most = new java.util.concurrent.atomic.AtomicInteger();
        var publisher =
                new Thread(
                        () -> {
                            while (running.get()) {
                                int n = sluice.publish("audit", "{}".getBytes());
                                queued.addAndGet(n);
                                most.accumulateAndGet(n, Math::max);
                                // Paced, so the counter keeps up and its queue never fills.
                                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                            }
                        });
        publisher.start();
        try {
            for (int i = 0; i < 5; i++) {
                sluice.replace(counter, file, generous().build());
            }
        } finally {
            running.set(false);
            publisher.join();
        }

        // Two versions subscribed at once would have had each event queued twice meanwhile, and
        // cancelling the old one's subscription would have dropped what it had queued.
        assertThat(most.get()).isEqualTo(1);
        assertThat(queued.get()).isPositive();
        Poll.until("every queued event counted", () -> auditEvents() == queued.get());
        assertThat(sluice.publish("audit", "{}".getBytes())).isEqualTo(1);
        Poll.until("and the next one", () -> auditEvents() == queued.get() + 1);
    }
}
