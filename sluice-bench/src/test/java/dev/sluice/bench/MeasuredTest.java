package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasuredTest {

    @Test
    void roundsGiveTheMedianAndHalfTheRange() {
        var m = Measured.ofRounds("node@100", new double[] {30, 10, 20, 50}, "");
        assertThat(m.medianNs()).isEqualTo(25);
        assertThat(m.errorNs()).isEqualTo(20);
        assertThat(m.recordsPerSecond()).isEqualTo(4e7);
        assertThat(Measured.ofRounds("x", new double[] {3, 1, 2}, "").medianNs()).isEqualTo(2);
    }
}
