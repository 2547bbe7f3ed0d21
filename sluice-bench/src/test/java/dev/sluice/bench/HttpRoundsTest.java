package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class HttpRoundsTest {

    /** One second of {@code rps} requests costing the server {@code cpuMicros} each. */
    private static HttpRounds.Sample load(double rps, double cpuMicros) {
        var load = new Wrk.Load(rps, rps / 10_000, rps / 1000, (long) rps, rps == 9_000 ? 1 : 0);
        return new HttpRounds.Sample(load, rps * cpuMicros / 1e6);
    }

    private static HttpRounds.Sample load(double rps) {
        return load(rps, 100);
    }

    @Test
    void theOrderRotatesSoNoChainAlwaysGoesFirst() {
        assertThat(HttpRounds.order(0, 3)).containsExactly(0, 1, 2);
        assertThat(HttpRounds.order(1, 3)).containsExactly(1, 2, 0);
        assertThat(HttpRounds.order(2, 3)).containsExactly(2, 0, 1);
        assertThat(HttpRounds.order(3, 3)).containsExactly(0, 1, 2);
    }

    @Test
    void ratiosAreTakenWithinEachRoundThenTheirMedian() {
        // The machine slows down by half in the second round and recovers in the third: each
        // round's ratio is still 0.9, which a ratio of the two chains' medians would not give.
        var rounds = new HttpRounds(2);
        rounds.add(new HttpRounds.Sample[] {load(10_000), load(9_000)});
        rounds.add(new HttpRounds.Sample[] {load(5_000), load(4_500)});
        rounds.add(new HttpRounds.Sample[] {load(20_000), load(18_000)});

        var none = rounds.result(0, 0, 12);
        var one = rounds.result(1, 1, 14);

        assertThat(none.ratioToNone().median()).isEqualTo(1.0);
        assertThat(one.plugins()).isEqualTo(1);
        assertThat(one.rounds()).isEqualTo(3);
        assertThat(one.ratioToNone().median()).isCloseTo(0.9, offset(1e-9));
        assertThat(one.ratioToNone().min()).isCloseTo(0.9, offset(1e-9));
        assertThat(one.ratioToNone().max()).isCloseTo(0.9, offset(1e-9));
        assertThat(one.requestsPerSecond()).isEqualTo(new Spread(9_000, 4_500, 18_000));
        assertThat(one.p50Ms()).isEqualTo(0.9);
        assertThat(one.warmupSeconds()).isEqualTo(14);
        assertThat(one.requests()).isEqualTo(9_000 + 4_500 + 18_000);
        assertThat(one.failed()).isEqualTo(1);
    }

    @Test
    void theRangeOfRatiosShowsHowFarRoundsDisagree() {
        var rounds = new HttpRounds(2);
        rounds.add(new HttpRounds.Sample[] {load(10_000), load(8_000)});
        rounds.add(new HttpRounds.Sample[] {load(10_000), load(9_000)});
        rounds.add(new HttpRounds.Sample[] {load(10_000), load(11_000)});

        var one = rounds.result(1, 1, 0);

        assertThat(one.ratioToNone().median()).isCloseTo(0.9, offset(1e-9));
        assertThat(one.ratioToNone().min()).isCloseTo(0.8, offset(1e-9));
        assertThat(one.ratioToNone().max()).isCloseTo(1.1, offset(1e-9));
    }

    @Test
    void cpuPerRequestIsTheServersCpuOverItsRequestsAndItsRatioIsTakenPerRound() {
        // Throughput halves in round two (the machine's other tenants), CPU per request does not:
        // the plugin costs 10% more CPU per request in every round.
        var rounds = new HttpRounds(2);
        rounds.add(new HttpRounds.Sample[] {load(10_000, 50), load(9_000, 55)});
        rounds.add(new HttpRounds.Sample[] {load(5_000, 50), load(6_000, 55)});
        rounds.add(new HttpRounds.Sample[] {load(10_000, 60), load(8_000, 66)});

        var one = rounds.result(1, 1, 0);

        assertThat(one.cpuMicrosPerRequest().median()).isCloseTo(55, offset(1e-9));
        assertThat(one.cpuMicrosPerRequest().max()).isCloseTo(66, offset(1e-9));
        assertThat(one.cpuRatioToNone().median()).isCloseTo(1 / 1.1, offset(1e-9));
        assertThat(one.cpuRatioToNone().min()).isCloseTo(1 / 1.1, offset(1e-9));
        assertThat(one.cpuRatioToNone().max()).isCloseTo(1 / 1.1, offset(1e-9));
        assertThat(one.ratioToNone().max()).isCloseTo(1.2, offset(1e-9));
    }
}
