package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class KafkaBenchTest {

    @Test
    void p99IsTheNearestRankOfUnsortedLatencies() {
        // 1..1000 shuffled by a stride: the 990th smallest is the p99 by nearest rank.
        long[] values = LongStream.range(0, 1000).map(i -> (i * 7919) % 1000 + 1).toArray();
        assertThat(KafkaBench.percentile(values, 0.99)).isEqualTo(990);
        assertThat(KafkaBench.percentile(new long[] {5}, 0.99)).isEqualTo(5);
        assertThat(KafkaBench.percentile(new long[] {9, 1}, 0.5)).isEqualTo(1);
    }

    @Test
    void noLatenciesIsAnError() {
        assertThatThrownBy(() -> KafkaBench.percentile(new long[0], 0.99))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void warmUpEndsWhenTwoRoundsAgreeWithinTenPercent() {
        assertThat(KafkaBench.agree(Double.NaN, 100)).isFalse();
        assertThat(KafkaBench.agree(100, 109)).isTrue();
        assertThat(KafkaBench.agree(109, 100)).isTrue();
        assertThat(KafkaBench.agree(100, 120)).isFalse();
        assertThat(KafkaBench.agree(250_000, 200_000)).isFalse();
    }

    @Test
    void aPlanNeedsAProducer() {
        assertThat(KafkaBench.Plan.QUICK.producers()).isEqualTo(1);
        assertThat(KafkaBench.Plan.FULL.withProducers(2).producers()).isEqualTo(2);
        assertThatThrownBy(() -> KafkaBench.Plan.QUICK.withProducers(0))
                .hasMessageContaining("--producers");
    }
}
