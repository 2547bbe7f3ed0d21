package dev.sluice.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WarmupTest {

    private static final Duration USUAL = Duration.ofMillis(100);

    @Test
    void onlyTheFirstCallOfEachHookHasTheAllowance() {
        var warmup = new Warmup(Duration.ofSeconds(10));

        boolean first = warmup.begin("on-record");
        assertThat(first).isTrue();
        assertThat(warmup.limit(first, USUAL)).isEqualTo(Duration.ofSeconds(10));
        warmup.end("on-record");

        boolean again = warmup.begin("on-record");
        assertThat(again).isFalse();
        assertThat(warmup.limit(again, USUAL)).isEqualTo(USUAL);
        assertThat(warmup.begin("on-event")).as("another hook warms up on its own").isTrue();
    }

    @Test
    void aCallArrivingDuringTheFirstOneWaitsForIt() throws Exception {
        var warmup = new Warmup(Duration.ofSeconds(30));
        assertThat(warmup.begin("on-record")).isTrue();

        var second = CompletableFuture.supplyAsync(() -> warmup.begin("on-record"));
        // Still waiting while the first call runs (it would otherwise run cold beside it).
        assertThat(second).isNotDone();
        Thread.sleep(50);
        assertThat(second).isNotDone();

        warmup.end("on-record");
        assertThat(second.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void anAllowanceBelowTheUsualLimitNeverShortensACall() {
        var warmup = new Warmup(Duration.ofMillis(10));
        assertThat(warmup.limit(warmup.begin("on-record"), USUAL)).isEqualTo(USUAL);
    }

    @Test
    void enginesThatCompileFirstHaveNoAllowance() {
        assertThat(Warmup.NONE.begin("on-record")).isFalse();
        assertThat(Warmup.NONE.begin("on-record")).isFalse();
    }
}
