package dev.sluice.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WatchdogTest {

    @Test
    void aCallThatFinishesInTimeIsNeverInterrupted() {
        var timer = Watchdog.timer();
        for (int i = 0; i < 10_000; i++) {
            timer.arm(1_000_000_000L);
            assertThat(timer.disarm()).isFalse();
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anOverdueCallIsInterruptedAndTheFlagIsClearedOnDisarm() {
        var timer = Watchdog.timer();
        timer.arm(5_000_000L);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(Thread.currentThread().isInterrupted())
                .as("the watchdog interrupts the overdue thread")
                .isTrue();

        assertThat(timer.disarm()).isTrue();
        assertThat(Thread.currentThread().isInterrupted())
                .as("disarm clears the interrupt it caused")
                .isFalse();
    }

    @Test
    void aCallStarvedOfCpuIsNotStoppedAtItsWallClockDeadline() {
        // Parked, the thread uses no CPU: as if the host gave it none. It is owed its 50 ms of
        // CPU and is stopped only at ten times its limit in wall-clock time (500 ms).
        var timer = Watchdog.timer();
        timer.arm(50_000_000L);
        long until = System.nanoTime() + 150_000_000L;
        while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }

        assertThat(timer.disarm()).as("not stopped past its wall-clock deadline").isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void eachThreadHasItsOwnTimer() throws Exception {
        var mine = Watchdog.timer();
        var theirs = new Watchdog.Timer[1];
        var thread = new Thread(() -> theirs[0] = Watchdog.timer());
        thread.start();
        thread.join();

        assertThat(theirs[0]).isNotNull().isNotSameAs(mine);
    }
}
