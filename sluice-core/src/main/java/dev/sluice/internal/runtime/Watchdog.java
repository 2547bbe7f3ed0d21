package dev.sluice.internal.runtime;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces per-call time limits by interrupting the thread running an overdue plugin call.
 *
 * <p>Chicory checks the thread's interrupt flag on calls and backward branches, in both the
 * interpreter and compiled code, and throws {@code ChicoryInterruptedException}: so an interrupt is
 * all it takes to stop a guest that loops forever.
 *
 * <p>Why a scanning thread rather than one scheduled task per call: arming and disarming a timer
 * must cost next to nothing on the record path and take no shared lock. Each calling thread owns
 * one {@link Timer} (two atomic writes per call); one daemon thread looks at all timers every
 * {@link #TICK_NANOS} and interrupts the threads whose deadline has passed. A call is thus stopped
 * within its limit plus one tick.
 */
public final class Watchdog {

    /** How often deadlines are checked. Also the worst-case lateness of an interrupt. */
    static final long TICK_NANOS = 2_000_000;

    private static final Watchdog INSTANCE = new Watchdog();

    private final CopyOnWriteArrayList<Timer> timers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Timer> current = ThreadLocal.withInitial(this::register);

    private Watchdog() {
        var thread = new Thread(this::run, "sluice-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** The calling thread's timer. */
    public static Timer timer() {
        return INSTANCE.current.get();
    }

    private Timer register() {
        var timer = new Timer(Thread.currentThread());
        timers.add(timer);
        return timer;
    }

    private void run() {
        while (true) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (var timer : timers) {
                if (!timer.thread.isAlive()) {
                    timers.remove(timer);
                    continue;
                }
                timer.fireIfOverdue(now);
            }
        }
    }

    /**
     * One thread's deadline. Only its owner thread arms and disarms it; the watchdog fires it.
     *
     * <p>The phase makes the hand-over race-free: the watchdog may interrupt only a call that is
     * still armed, and the owner, on disarming a call that was fired, waits until the interrupt has
     * been delivered and then clears it, so an interrupt never leaks into later work.
     */
    public static final class Timer {
        private static final int IDLE = 0;
        private static final int ARMED = 1;
        private static final int FIRING = 2;
        private static final int FIRED = 3;

        private final Thread thread;
        private final AtomicInteger phase = new AtomicInteger(IDLE);
        private volatile long deadline;

        private Timer(Thread thread) {
            this.thread = thread;
        }

        /** Starts timing a call that may run for at most {@code limitNanos}. */
        public void arm(long limitNanos) {
            deadline = System.nanoTime() + limitNanos;
            phase.set(ARMED);
        }

        /**
         * Stops timing the current call.
         *
         * @return true if the deadline passed and the thread was interrupted (the interrupt flag
         *     has been cleared again)
         */
        public boolean disarm() {
            if (phase.compareAndSet(ARMED, IDLE)) {
                return false;
            }
            while (phase.get() == FIRING) {
                Thread.onSpinWait();
            }
            Thread.interrupted();
            phase.set(IDLE);
            return true;
        }

        private void fireIfOverdue(long now) {
            if (phase.get() == ARMED && now - deadline >= 0 && phase.compareAndSet(ARMED, FIRING)) {
                thread.interrupt();
                phase.set(FIRED);
            }
        }
    }
}
