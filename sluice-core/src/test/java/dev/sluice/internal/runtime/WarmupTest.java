package dev.sluice.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WarmupTest {

    private static final Duration USUAL = Duration.ofMillis(100);

    @Test
    void callsHaveTheAllowanceUntilTheWindowAfterTheFirstCallCloses() throws Exception {
        var warmup = new Warmup(Duration.ofMillis(300));
        assertThat(warmup.limit(USUAL)).isEqualTo(Duration.ofMillis(300));

        assertThat(warmup.begin("on-record")).isTrue();
        warmup.end("on-record");
        assertThat(warmup.begin("on-record")).as("only one first call a hook").isFalse();
        assertThat(warmup.begin("on-event")).as("another hook has its own first call").isTrue();
        warmup.end("on-event");
        assertThat(warmup.limit(USUAL)).isEqualTo(Duration.ofMillis(300));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (warmup.limit(USUAL).equals(Duration.ofMillis(300)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(warmup.limit(USUAL)).isEqualTo(USUAL);
        assertThat(warmup.begin("on-stored")).as("no first call once the window is over").isFalse();
    }

    @Test
    void aCallArrivingDuringTheFirstOneWaitsForIt() throws Exception {
        var warmup = new Warmup(Duration.ofSeconds(30));
        assertThat(warmup.begin("on-record")).isTrue();

        var second = CompletableFuture.supplyAsync(() -> warmup.begin("on-record"));
        // Still waiting while the first call runs (it would otherwise run cold beside it).
        Thread.sleep(50);
        assertThat(second).isNotDone();

        warmup.end("on-record");
        assertThat(second.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void anAllowanceBelowTheUsualLimitNeverShortensACall() {
        var warmup = new Warmup(Duration.ofMillis(10));
        warmup.begin("on-record");
        assertThat(warmup.limit(USUAL)).isEqualTo(USUAL);
    }

    @Test
    void enginesThatCompileFirstHaveNoAllowance() {
        assertThat(Warmup.NONE.begin("on-record")).isFalse();
        assertThat(Warmup.NONE.limit(USUAL)).isEqualTo(USUAL);
    }
}
