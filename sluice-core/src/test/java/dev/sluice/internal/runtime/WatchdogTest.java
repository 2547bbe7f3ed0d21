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
        spinUntilInterrupted();
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
    void timeTheWatchdogDidNotWatchIsNotCountedAgainstACall() {
        // The watchdog looked 1 ms into a 100 ms call, then got no CPU itself (a GC pause, a
        // starved host) until 150 ms. The call used next to no CPU: it is owed the rest of its
        // limit, not stopped at the watchdog's first look after the gap.
        var timer = new Watchdog.Timer(Thread.currentThread());
        long begun = System.nanoTime();
        timer.arm(100_000_000L);
        timer.fireIfOverdue(begun + 1_000_000L, begun + 1_000_000L);
        timer.fireIfOverdue(begun + 150_000_000L, begun + 1_000_000L);

        assertThat(timer.disarm()).as("not stopped after the watchdog's own gap").isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void withoutAGapTheSameLateLookStopsTheCall() {
        // The same times, but the watchdog watched throughout: 150 ms of wall-clock time with no
        // reading yet is taken as the call's own time (erring towards stopping), so it is stopped.
        var timer = new Watchdog.Timer(Thread.currentThread());
        long begun = System.nanoTime();
        timer.arm(100_000_000L);
        timer.fireIfOverdue(begun + 150_000_000L, begun + 150_000_000L);

        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(timer.disarm()).isTrue();
    }

    @Test
    void aCallThatRunsOnAfterTheGapIsStoppedOnceItsCpuTimeReachesTheLimit() {
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        var timer = new Watchdog.Timer(Thread.currentThread());
        long begun = System.nanoTime();
        timer.arm(20_000_000L);
        timer.fireIfOverdue(begun + 30_000_000L, begun + 1_000_000L);
        assertThat(Thread.currentThread().isInterrupted()).as("owed after the gap").isFalse();

        // Burn 25 ms of this thread's CPU (not wall-clock time, which a busy host stretches).
        long until = cpu.getCurrentThreadCpuTime() + 25_000_000L;
        while (cpu.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
        // Past the deadline it was owed (30 ms + the 19 ms left), watched throughout.
        timer.fireIfOverdue(begun + 60_000_000L, begun + 60_000_000L);

        assertThat(Thread.currentThread().isInterrupted()).as("its own time ran out").isTrue();
        assertThat(timer.disarm()).isTrue();
    }

    @Test
    void anIdleWatchdogStopsTickingAndTheNextCallWakesIt() throws Exception {
        var timer = Watchdog.timer();
        timer.arm(1_000_000_000L);
        timer.disarm();

        // Half a second without calls: it parks without a timeout instead of every 2 ms.
        assertThat(awaitState(Thread.State.WAITING))
                .as("the idle watchdog waits for the next call")
                .isTrue();

        timer.arm(5_000_000L);
        spinUntilInterrupted();
        assertThat(Thread.currentThread().isInterrupted())
                .as("woken by the call, it stops the call at its deadline")
                .isTrue();
        assertThat(timer.disarm()).isTrue();
    }

    /** Runs on the CPU, as a guest would, until interrupted (at most 5 s). */
    private static void spinUntilInterrupted() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static boolean awaitState(Thread.State state) throws InterruptedException {
        var watchdog =
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("sluice-watchdog"))
                        .findFirst()
                        .orElseThrow();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (watchdog.getState() == state) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
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
