package dev.sluice.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.internal.runtime.Breaker.Admission;
import dev.sluice.plugin.BreakerState;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BreakerTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final Breaker breaker =
            new Breaker(3, Duration.ofSeconds(5), Duration.ofSeconds(20), now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.failed(false, "on-record trapped");
        }
    }

    @Test
    void opensAfterTheConfiguredFailuresInARow() {
        assertThat(breaker.failed(false, "x")).isFalse();
        assertThat(breaker.failed(false, "x")).isFalse();
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);

        assertThat(breaker.failed(false, "on-record trapped")).isTrue();

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.reason())
                .isEqualTo("3 consecutive failures, the last: on-record trapped");
        assertThat(breaker.admit()).isEqualTo(Admission.REFUSED);
        assertThat(breaker.untilTrial()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSuccessResetsTheCount() {
        breaker.failed(false, "x");
        breaker.failed(false, "x");
        breaker.succeeded(false);
        breaker.failed(false, "x");
        breaker.failed(false, "x");

        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void afterTheBackoffExactlyOneCallerIsTheTrial() {
        open();
        advance(Duration.ofSeconds(5));

        assertThat(breaker.admit()).isEqualTo(Admission.TRIAL);
        for (int i = 0; i < 100; i++) {
            assertThat(breaker.admit()).isEqualTo(Admission.REFUSED);
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void aSuccessfulTrialClosesIt() {
        open();
        advance(Duration.ofSeconds(5));
        breaker.admit();

        breaker.succeeded(true);

        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.reason()).isNull();
        assertThat(breaker.admit()).isEqualTo(Admission.CALL);
    }

    @Test
    void aFailedTrialReopensWithTheBackoffDoubledUpToTheMaximum() {
        open();
        long[] expectedSeconds = {10, 20, 20};
        for (long seconds : expectedSeconds) {
            advance(breaker.untilTrial());
            assertThat(breaker.admit()).isEqualTo(Admission.TRIAL);
            assertThat(breaker.failed(true, "on-record trapped")).isTrue();
            assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
            assertThat(breaker.untilTrial()).isEqualTo(Duration.ofSeconds(seconds));
            assertThat(breaker.reason()).startsWith("its trial call failed");
        }
    }

    @Test
    void anAbandonedTrialLetsTheNextCallerTry() {
        open();
        advance(Duration.ofSeconds(5));
        assertThat(breaker.admit()).isEqualTo(Admission.TRIAL);

        breaker.abandon();

        assertThat(breaker.admit()).isEqualTo(Admission.TRIAL);
    }

    @Test
    void resetClosesWithAFreshBackoff() {
        open();
        advance(Duration.ofSeconds(5));
        breaker.admit();
        breaker.failed(true, "x");

        breaker.reset();
        open();

        assertThat(breaker.untilTrial()).isEqualTo(Duration.ofSeconds(5));
    }
}
