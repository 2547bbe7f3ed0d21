package dev.sluice.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.record.Bytes;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule of the chain, plugin after plugin, in every combination of accept, replace (rewrite,
 * split, route, drop), reject and unavailable. The plugins' decisions are given directly: what real
 * plugins decide is tested with the example plugins elsewhere; this is the bookkeeping.
 */
class ChainPassTest {

    private static final long ANY_SIZE = Long.MAX_VALUE;

    private static Record record(String topic, String value) {
        return Record.builder(topic).value(value).timestamp(1).build();
    }

    private static Decision replace(Record... records) {
        return new Decision.Replace(List.of(records));
    }

    @Test
    void acceptedByEveryPluginIsAcceptUnchanged() {
        var a = record("t", "a");
        var pass = new ChainPass(List.of(a));

        assertThat(pass.batchFor("p1", ANY_SIZE)).containsExactly(a);
        pass.apply(List.of(Decision.accept()));
        assertThat(pass.batchFor("p2", ANY_SIZE)).containsExactly(a);
        pass.apply(List.of(Decision.accept()));

        assertThat(pass.decisions()).containsExactly(Decision.accept());
    }

    @Test
    void theNextPluginSeesEachOutputAndTheInputBecomesAllOfThem() {
        var in = record("t", "a,b");
        var a = record("t", "a");
        var b = record("other", "b");
        var pass = new ChainPass(List.of(in));

        pass.batchFor("split", ANY_SIZE);
        pass.apply(List.of(replace(a, b)));
        assertThat(pass.batchFor("route", ANY_SIZE)).containsExactly(a, b);
        var routed = record("routed", "b");
        pass.apply(List.of(Decision.accept(), replace(routed)));

        assertThat(pass.decisions()).containsExactly(replace(a, routed));
    }

    @Test
    void splitThenRejectOfOneOutputRejectsTheInputAndDropsTheRest() {
        var x = record("t", "x");
        var y = record("t", "y");
        var x1 = record("t", "x1");
        var x2 = record("t", "x2");
        var pass = new ChainPass(List.of(x, y));

        pass.batchFor("split", ANY_SIZE);
        pass.apply(List.of(replace(x1, x2), Decision.accept()));
        assertThat(pass.batchFor("filter", ANY_SIZE)).containsExactly(x1, x2, y);
        var refused = Decision.reject("filter", "no x2");
        pass.apply(List.of(Decision.accept(), refused, Decision.accept()));

        assertThat(pass.batchFor("last", ANY_SIZE)).as("nothing of x goes on").containsExactly(y);
        pass.apply(List.of(Decision.accept()));
        assertThat(pass.decisions()).containsExactly(refused, Decision.accept());
    }

    @Test
    void aDroppedRecordIsAReplacementByNothingAndLaterPluginsDoNotSeeIt() {
        var drop = record("t", "drop me");
        var keep = record("t", "keep");
        var pass = new ChainPass(List.of(drop, keep));

        pass.batchFor("dropper", ANY_SIZE);
        pass.apply(List.of(replace(), Decision.accept()));

        assertThat(pass.batchFor("next", ANY_SIZE)).containsExactly(keep);
        pass.apply(List.of(Decision.accept()));
        assertThat(pass.decisions()).containsExactly(replace(), Decision.accept());
        assertThat(pass.decisions().get(0).stores()).as("a drop is not a rejection").isTrue();
        assertThat(pass.decisions().get(0).toStore(drop)).isEmpty();
    }

    @Test
    void routeThenTransformKeepsTheRouteOfEachOutput() {
        var in = record("orders", "{\"region\":\"eu\"}");
        var routed = record("orders-eu", "{\"region\":\"eu\"}");
        var rewritten = record("orders-eu", "{\"region\":\"EU\"}");
        var pass = new ChainPass(List.of(in));

        pass.batchFor("router", ANY_SIZE);
        pass.apply(List.of(replace(routed)));
        pass.batchFor("upper", ANY_SIZE);
        pass.apply(List.of(replace(rewritten)));

        assertThat(pass.decisions()).containsExactly(replace(rewritten));
        assertThat(pass.decisions().get(0).toStore(in)).containsExactly(rewritten);
    }

    @Test
    void anUnavailablePluginDecidesOnlyTheRecordsItCouldNotTake() {
        var a = record("t", "a");
        var b = record("t", "b");
        var busy =
                new Decision.Unavailable(
                        "p", Decision.Cause.OVERLOADED, "no instance", Duration.ofSeconds(1));
        var pass = new ChainPass(List.of(a, b));

        pass.batchFor("p", ANY_SIZE);
        pass.apply(List.of(busy, Decision.accept()));

        assertThat(pass.decisions()).containsExactly(busy, Decision.accept());
    }

    @Test
    void aRecordAboveAPluginsLimitRejectsItsInputWithoutReachingThePlugin() {
        var small = record("t", "s");
        var big = record("t", "x".repeat(100));
        var pass = new ChainPass(List.of(small, big));

        assertThat(pass.batchFor("strict", 50)).containsExactly(small);
        pass.apply(List.of(Decision.accept()));

        var decisions = pass.decisions();
        assertThat(decisions.get(0)).isEqualTo(Decision.accept());
        assertThat(decisions.get(1))
                .isInstanceOfSatisfying(
                        Decision.Reject.class,
                        r -> {
                            assertThat(r.plugin()).isEqualTo("strict");
                            assertThat(r.reason())
                                    .contains("101 bytes", "50", "plugin.max_record_bytes");
                        });
    }

    @Test
    void anOutputGrownPastTheNextPluginsLimitRejectsItsInput() {
        var in = record("t", "a");
        var grown = Record.builder("t").value(Bytes.copyOf(new byte[200])).build();
        var other = record("t", "b");
        var pass = new ChainPass(List.of(in, other));

        pass.batchFor("grow", ANY_SIZE);
        pass.apply(List.of(replace(grown), Decision.accept()));

        assertThat(pass.batchFor("strict", 100)).containsExactly(other);
        pass.apply(List.of(Decision.accept()));
        assertThat(pass.decisions().get(0)).isInstanceOf(Decision.Reject.class);
        assertThat(pass.decisions().get(1)).isEqualTo(Decision.accept());
    }

    @Test
    void theFirstRejectionOfAnInputIsTheOneReported() {
        var in = record("t", "a");
        var pass = new ChainPass(List.of(in));
        var first = Decision.reject("p1", "first");

        pass.batchFor("split", ANY_SIZE);
        pass.apply(List.of(replace(record("t", "1"), record("t", "2"))));
        pass.batchFor("p1", ANY_SIZE);
        pass.apply(List.of(first, Decision.reject("p1", "second")));

        assertThat(pass.batchFor("p2", ANY_SIZE)).isEmpty();
        assertThat(pass.decisions()).containsExactly(first);
    }
}
