package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class HttpRoundsTest {

    private static Wrk.Load load(double rps) {
        return new Wrk.Load(rps, rps / 10_000, rps / 1000, (long) rps, rps == 9_000 ? 1 : 0);
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
        rounds.add(new Wrk.Load[] {load(10_000), load(9_000)});
        rounds.add(new Wrk.Load[] {load(5_000), load(4_500)});
        rounds.add(new Wrk.Load[] {load(20_000), load(18_000)});

        var none = rounds.result(0, 0, 12);
        var one = rounds.result(1, 1, 14);

        assertThat(none.ratioToNone()).isEqualTo(1.0);
        assertThat(one.plugins()).isEqualTo(1);
        assertThat(one.rounds()).isEqualTo(3);
        assertThat(one.ratioToNone()).isCloseTo(0.9, offset(1e-9));
        assertThat(one.minRatioToNone()).isCloseTo(0.9, offset(1e-9));
        assertThat(one.maxRatioToNone()).isCloseTo(0.9, offset(1e-9));
        assertThat(one.requestsPerSecond()).isEqualTo(9_000);
        assertThat(one.minRequestsPerSecond()).isEqualTo(4_500);
        assertThat(one.maxRequestsPerSecond()).isEqualTo(18_000);
        assertThat(one.p50Ms()).isEqualTo(0.9);
        assertThat(one.warmupSeconds()).isEqualTo(14);
        assertThat(one.requests()).isEqualTo(9_000 + 4_500 + 18_000);
        assertThat(one.failed()).isEqualTo(1);
    }

    @Test
    void theRangeOfRatiosShowsHowFarRoundsDisagree() {
        var rounds = new HttpRounds(2);
        rounds.add(new Wrk.Load[] {load(10_000), load(8_000)});
        rounds.add(new Wrk.Load[] {load(10_000), load(9_000)});
        rounds.add(new Wrk.Load[] {load(10_000), load(11_000)});

        var one = rounds.result(1, 1, 0);

        assertThat(one.ratioToNone()).isCloseTo(0.9, offset(1e-9));
        assertThat(one.minRatioToNone()).isCloseTo(0.8, offset(1e-9));
        assertThat(one.maxRatioToNone()).isCloseTo(1.1, offset(1e-9));
    }
}
