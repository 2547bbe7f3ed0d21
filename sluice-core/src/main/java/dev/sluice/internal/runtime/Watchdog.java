package dev.sluice.internal.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces per-call time limits by interrupting the thread running an overdue plugin call.
 *
 * <p>The engine checks the thread's interrupt flag between guest instructions (Chicory: on calls
 * and backward branches, interpreted or compiled) and fails the call with the seam's {@code
 * WasmInterrupted}: so an interrupt is all it takes to stop a guest that loops forever.
 *
 * <p>Why a scanning thread rather than one scheduled task per call: arming and disarming a timer
 * must cost next to nothing on the record path and take no shared lock. Each calling thread owns
 * one {@link Timer} (two atomic writes per call); one daemon thread looks at all timers every
 * {@link #TICK_NANOS} and interrupts the threads whose deadline has passed. A call is thus stopped
 * within its limit plus one tick.
 *
 * <p>Only the guest's own time counts. A call whose wall-clock deadline passes while its thread got
 * less CPU than the limit (the host was overloaded: more runnable threads than cores, a GC pause)
 * is given the CPU time it is owed instead of being stopped, up to {@link #STARVED_FACTOR} times
 * its limit in wall-clock time. The thread's CPU clock is read only for calls that live past half
 * their limit, so short calls never pay for it; the CPU used before that first reading is assumed
 * to be all the wall-clock time since the call started that the watchdog watched, which errs
 * towards stopping.
 *
 * <p>The watchdog is a thread like any other: a GC pause, a busy host or a hypervisor that gives
 * the machine no CPU stops it too. When it wakes up {@link #LATE_NANOS} after its last look, it did
 * not watch the time between, and a call that started before or during that gap may have got none
 * of it; counting the whole gap as the call's own time stopped good calls in a loaded server (a 0.4
 * µs filter call "exceeded its time limit of 100 ms" under wrk on two shared cores). The gap is
 * therefore left out of the first reading's estimate, so the CPU clock decides; a call that really
 * runs on is still stopped once its CPU time reaches the limit, and at {@link #STARVED_FACTOR}
 * times its limit whatever happens.
 */
public final class Watchdog {

    /** How often deadlines are checked. Also the worst-case lateness of an interrupt. */
    static final long TICK_NANOS = 2_000_000;

    /** Waking up this long after the previous look means the watchdog itself was not running. */
    static final long LATE_NANOS = 5 * TICK_NANOS;

    /** Ticks without any call starting (half a second) after which the watchdog sleeps. */
    static final int IDLE_TICKS = 250;

    /** A starved call is stopped anyway once it has run this many times its limit. */
    static final long STARVED_FACTOR = 10;

    private static final Watchdog INSTANCE = new Watchdog();

    private static final ThreadMXBean THREADS = cpuClock();

    private static ThreadMXBean cpuClock() {
        var bean = ManagementFactory.getThreadMXBean();
        if (!bean.isThreadCpuTimeSupported()) {
            return null;
        }
        if (!bean.isThreadCpuTimeEnabled()) {
            bean.setThreadCpuTimeEnabled(true);
        }
        return bean;
    }

    private final CopyOnWriteArrayList<Timer> timers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Timer> current = ThreadLocal.withInitial(this::register);

    /** True while the watchdog sleeps until a call is armed; the first arm clears it. */
    private final AtomicBoolean sleeping = new AtomicBoolean();

    private final Thread thread;

    private Watchdog() {
        thread = new Thread(this::run, "sluice-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called after a call is armed: wakes the watchdog if it sleeps (once per idle spell). */
    private void armed() {
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
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
        long lastLook = System.nanoTime();
        int quiet = 0;
        while (true) {
            if (quiet >= IDLE_TICKS) {
                sleepUntilArmed();
                quiet = 0;
                lastLook = System.nanoTime(); // asleep with nothing to watch: not a stall
            }
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            long watchedUntil = now - lastLook > LATE_NANOS ? lastLook : now;
            lastLook = now;
            boolean active = false;
            for (var timer : timers) {
                if (!timer.thread.isAlive()) {
                    timers.remove(timer);
                    continue;
                }
                active |= timer.activeSinceLastLook();
                timer.fireIfOverdue(now, watchedUntil);
            }
            quiet = active ? 0 : quiet + 1;
        }
    }

    /**
     * Parks until a call is armed. The flag is raised before the last look at the timers and an arm
     * sets its phase before reading the flag, so either that look sees the armed call or the arm
     * sees the flag and unparks: no call is left unwatched.
     */
    private void sleepUntilArmed() {
        sleeping.set(true);
        for (var timer : timers) {
            if (timer.activeSinceLastLook()) {
                sleeping.set(false);
                return;
            }
        }
        while (sleeping.get()) {
            LockSupport.park(this);
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
        private volatile long started;
        private volatile long limit;
        private volatile int call;

        // The watchdog's own view of the current call; only its thread reads and writes these.
        private int seenCall = -1;
        private long deadline;
        private long cpuAtSample = -1;
        private long watchedAtSample;
        private int lookedAtCall;

        /** A timer for {@code thread}; only {@link #timer()}'s are looked at by the watchdog. */
        Timer(Thread thread) {
            this.thread = thread;
        }

        /** Starts timing a call that may run for at most {@code limitNanos} of its own time. */
        public void arm(long limitNanos) {
            // A sequence lock: odd while the fields change, so the watchdog never mixes two calls.
            call++;
            started = System.nanoTime();
            limit = limitNanos;
            call++;
            phase.set(ARMED);
            INSTANCE.armed();
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

        /**
         * Wall-clock nanoseconds left before the current call's deadline (negative once past it),
         * or {@link Long#MAX_VALUE} when no call is armed. A host function that waits (on the
         * network) bounds its wait by this: a blocked thread uses no CPU, so the watchdog would
         * count it as starved and let it run on.
         */
        public long remainingNanos() {
            if (phase.get() == IDLE) {
                return Long.MAX_VALUE;
            }
            return started + limit - System.nanoTime();
        }

        /** Whether a call was armed since the watchdog's previous look, or is armed now. */
        private boolean activeSinceLastLook() {
            int now = call;
            boolean active = now != lookedAtCall || phase.get() == ARMED;
            lookedAtCall = now;
            return active;
        }

        /**
         * Interrupts the call if it is overdue. {@code watchedUntil} is {@code now}, or the
         * watchdog's previous look if it woke up late: the time after it was not watched.
         */
        void fireIfOverdue(long now, long watchedUntil) {
            if (phase.get() != ARMED) {
                return;
            }
            int current = call;
            long begun = started;
            long allowed = limit;
            if ((current & 1) != 0 || call != current) {
                return;
            }
            if (seenCall != current) {
                seenCall = current;
                deadline = begun + allowed;
                cpuAtSample = -1;
            }
            if (cpuAtSample < 0 && THREADS != null && now - begun >= allowed / 2) {
                cpuAtSample = THREADS.getThreadCpuTime(thread.getId());
                watchedAtSample = Math.max(0, watchedUntil - begun);
            }
            if (now - deadline < 0) {
                return;
            }
            if (cpuAtSample >= 0 && now - begun < allowed * STARVED_FACTOR) {
                long cpu = THREADS.getThreadCpuTime(thread.getId());
                long used = watchedAtSample + (cpu - cpuAtSample);
                if (cpu >= 0 && used < allowed) {
                    // Starved by the host, not slow by itself: owe it the rest of its limit.
                    deadline = now + (allowed - used);
                    return;
                }
            }
            if (phase.compareAndSet(ARMED, FIRING)) {
                thread.interrupt();
                phase.set(FIRED);
            }
        }
    }
}
