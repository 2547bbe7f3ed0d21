package dev.sluice.internal.services.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.event.Event;
import dev.sluice.event.EventLimits;
import dev.sluice.internal.services.Permission;
import dev.sluice.internal.services.ServiceMetrics;
import dev.sluice.plugin.ServiceMetric;
import dev.sluice.record.Bytes;
import dev.sluice.testing.Poll;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bus on its own: order, threads, bounded queues, failing and cancelled subscribers. */
class EventBusTest {

    private static final Map<String, String> AUDIT = Map.of("channel", "audit");

    private EventBus bus = new EventBus(EventLimits.defaults());

    @AfterEach
    void close() {
        bus.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Event e) {
        return e.payload().text();
    }

    @Test
    void aSubscriberGetsEveryEventInPublishOrderOnABusThread() {
        var got = new CopyOnWriteArrayList<String>();
        var threads = new CopyOnWriteArrayList<String>();
        bus.subscribe(
                "audit",
                e -> {
                    got.add(text(e));
                    threads.add(Thread.currentThread().getName());
                });

        for (int i = 0; i < 500; i++) {
            assertThat(bus.publish("audit", utf8("e" + i))).isEqualTo(1);
        }

        Poll.until("500 events delivered", () -> got.size() == 500);
        assertThat(got)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 500).mapToObj(i -> "e" + i).toList());
        assertThat(threads).allMatch(t -> t.startsWith("sluice-events-"));
        assertThat(bus.applicationMetrics().total(Permission.EVENTS, "published", AUDIT))
                .isEqualTo(500);
        Poll.until(
                "all counted as delivered",
                () -> bus.applicationMetrics().total(Permission.EVENTS, "delivered", AUDIT) == 500);
    }

    @Test
    void aFullQueueDropsTheNewestForThatSubscriberOnlyAndCountsThem() throws Exception {
        bus.close();
        bus = new EventBus(new EventLimits(4, 1024, 2));
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var slow = new CopyOnWriteArrayList<String>();
        var fast = new CopyOnWriteArrayList<String>();
        var slowMetrics = new ServiceMetrics("slow");
        var slowOne =
                bus.subscribe(
                        "audit",
                        "slow",
                        slowMetrics,
                        e -> {
                            entered.countDown();
                            await(release);
                            slow.add(text(e));
                            return null;
                        });
        var fastMetrics = new ServiceMetrics("fast");
        bus.subscribe(
                "audit",
                "fast",
                fastMetrics,
                e -> {
                    fast.add(text(e));
                    return null;
                });

        bus.publish("audit", utf8("first"));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 9; i++) {
            bus.publish("audit", utf8("n" + i));
        }

        // The slow one holds "first" in hand and 4 queued; the other 5 are dropped for it alone.
        assertThat(slowOne.queued()).isEqualTo(4);
        assertThat(slowMetrics.total(Permission.EVENTS, "dropped", AUDIT)).isEqualTo(5);
        assertThat(slowMetrics.snapshot())
                .contains(new ServiceMetric.Level("slow", "events", "lag", AUDIT, 4));
        // The other subscriber is not held up by the slow one: it gets what its own queue took.
        Poll.until(
                "the fast subscriber got all its queue took",
                () -> fast.size() + fastMetrics.total(Permission.EVENTS, "dropped", AUDIT) == 10);
        assertThat(fast).startsWith("first").isSorted();

        release.countDown();
        Poll.until("the slow one caught up", () -> slow.size() == 5);
        assertThat(slow).containsExactly("first", "n0", "n1", "n2", "n3");
        assertThat(slowOne.queued()).isZero();
        Poll.until(
                "5 delivered", () -> slowMetrics.total(Permission.EVENTS, "delivered", AUDIT) == 5);
    }

    @Test
    void aSubscriberThatFailsIsCountedAndStopsNeitherItselfNorOthers() {
        var good = new CopyOnWriteArrayList<String>();
        var attempts = new CopyOnWriteArrayList<String>();
        var failingMetrics = new ServiceMetrics("failing");
        bus.subscribe(
                "audit",
                "failing",
                failingMetrics,
                e -> {
                    attempts.add(text(e));
                    if (text(e).equals("boom")) {
                        throw new IllegalStateException("boom");
                    }
                    return text(e).equals("refuse") ? "refused" : null;
                });
        bus.subscribe("audit", e -> good.add(text(e)));

        for (String s : List.of("a", "boom", "refuse", "b")) {
            bus.publish("audit", utf8(s));
        }

        Poll.until("all four reach the good subscriber", () -> good.size() == 4);
        Poll.until("all four were tried on the failing one", () -> attempts.size() == 4);
        assertThat(attempts).containsExactly("a", "boom", "refuse", "b");
        Poll.until(
                "two failures counted",
                () -> failingMetrics.total(Permission.EVENTS, "failed", AUDIT) == 2);
        assertThat(failingMetrics.total(Permission.EVENTS, "delivered", AUDIT)).isEqualTo(2);
    }

    @Test
    void cancellingDiscardsWhatIsQueuedAndEndsDelivery() throws Exception {
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var got = new CopyOnWriteArrayList<String>();
        var metrics = new ServiceMetrics("p");
        var subscription =
                bus.subscribe(
                        "audit",
                        "p",
                        metrics,
                        e -> {
                            entered.countDown();
                            await(release);
                            got.add(text(e));
                            return null;
                        });
        bus.publish("audit", utf8("in hand"));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        bus.publish("audit", utf8("queued 1"));
        bus.publish("audit", utf8("queued 2"));
        assertThat(subscription.queued()).isEqualTo(2);

        subscription.cancel();

        assertThat(subscription.queued()).isZero();
        assertThat(bus.subscribers("audit")).isZero();
        assertThat(bus.publish("audit", utf8("later"))).isZero();
        assertThat(metrics.snapshot()).noneMatch(m -> m instanceof ServiceMetric.Level);
        release.countDown();
        Poll.until("the call in progress finished", () -> got.size() == 1);
        assertThat(got).containsExactly("in hand");
        subscription.cancel(); // again: nothing happens
    }

    @Test
    void channelNamesAndPayloadSizesAreChecked() {
        bus.close();
        bus = new EventBus(new EventLimits(4, 8, 1));

        assertThatThrownBy(() -> bus.publish("no spaces", utf8("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'no spaces' is not a channel name");
        assertThatThrownBy(() -> bus.subscribe("", e -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a channel name");
        assertThatThrownBy(() -> bus.publish("audit", utf8("123456789")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "the application published 9 bytes on channel audit, more than the 8",
                        "events.max_payload_bytes");
        assertThat(bus.publish("audit", utf8("12345678"))).isZero();
    }

    @Test
    void anEventIsSharedNotCopiedPerSubscriber() {
        var a = new CopyOnWriteArrayList<Event>();
        var b = new CopyOnWriteArrayList<Event>();
        bus.subscribe("audit", a::add);
        bus.subscribe("audit", b::add);

        bus.publish(new Event("audit", "p", Bytes.utf8("x")), new ServiceMetrics("p"));

        Poll.until("both got it", () -> a.size() == 1 && b.size() == 1);
        assertThat(a.get(0)).isSameAs(b.get(0));
        assertThat(a.get(0).publisher()).isEqualTo("p");
    }

    @Test
    void aCallsEventsArePublishedTogetherInOrderPerChannelAndCountedPerChannel() {
        var audit = new CopyOnWriteArrayList<String>();
        var alerts = new CopyOnWriteArrayList<String>();
        var both = new CopyOnWriteArrayList<String>();
        bus.subscribe("audit", e -> audit.add(text(e)));
        bus.subscribe("alerts", e -> alerts.add(text(e)));
        bus.subscribe("audit", e -> both.add(text(e)));
        var events = new java.util.ArrayList<Event>();
        for (int i = 0; i < 300; i++) {
            events.add(new Event(i % 3 == 0 ? "alerts" : "audit", "p", Bytes.utf8("e" + i)));
        }
        var publisher = new ServiceMetrics("p");

        bus.publishAll(events, publisher);

        java.util.function.Function<String, List<String>> sent =
                channel ->
                        events.stream()
                                .filter(e -> e.channel().equals(channel))
                                .map(EventBusTest::text)
                                .toList();
        Poll.until(
                "every subscriber got its channel's events",
                () -> audit.size() == 200 && both.size() == 200 && alerts.size() == 100);
        assertThat(audit).containsExactlyElementsOf(sent.apply("audit"));
        assertThat(both).containsExactlyElementsOf(sent.apply("audit"));
        assertThat(alerts).containsExactlyElementsOf(sent.apply("alerts"));
        assertThat(publisher.total(Permission.EVENTS, "published", AUDIT)).isEqualTo(200);
        assertThat(publisher.total(Permission.EVENTS, "published", Map.of("channel", "alerts")))
                .isEqualTo(100);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
