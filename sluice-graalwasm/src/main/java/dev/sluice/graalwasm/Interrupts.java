package dev.sluice.graalwasm;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes "a call is stopped by interrupting its thread" true for GraalWasm, whose guest code never
 * looks at the thread's interrupt flag. Each calling thread owns a {@link Slot} that names the
 * context it is running (one volatile write when a call starts and one when it ends); one daemon
 * thread looks at the slots of running calls every {@link #TICK_NANOS} and cancels the context of
 * any whose thread was interrupted. The cancelled call fails with a polyglot cancellation, which
 * the engine reports as {@code WasmInterrupted}; the context is closed, so the instance is dead, as
 * the seam requires of an interrupted one. Without running calls the thread sleeps.
 */
final class Interrupts {

    /** How often running calls' threads are looked at: the lateness an interrupt may add. */
    static final long TICK_NANOS = 1_000_000;

    private static final Interrupts INSTANCE = new Interrupts();

    private final CopyOnWriteArrayList<Slot> slots = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Slot> current = ThreadLocal.withInitial(this::register);
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Thread thread;

    private Interrupts() {
        thread = new Thread(this::run, "sluice-graalwasm-interrupts");
        thread.setDaemon(true);
        thread.start();
    }

    /** The calling thread's slot. */
    static Slot slot() {
        return INSTANCE.current.get();
    }

    private Slot register() {
        var slot = new Slot(Thread.currentThread());
        slots.add(slot);
        return slot;
    }

    private void run() {
        while (true) {
            boolean running = false;
            for (var slot : slots) {
                if (!slot.thread.isAlive()) {
                    slots.remove(slot);
                    continue;
                }
                var calling = slot.calling;
                if (calling != null) {
                    running = true;
                    if (slot.thread.isInterrupted()) {
                        calling.cancel();
                    }
                }
            }
            if (running) {
                LockSupport.parkNanos(TICK_NANOS);
            } else {
                sleepUntilCalled();
            }
        }
    }

    /**
     * Parks until a call starts. The flag is raised before the last look at the slots, and a call
     * sets its slot before reading the flag, so no running call goes unwatched.
     */
    private void sleepUntilCalled() {
        sleeping.set(true);
        for (var slot : slots) {
            if (slot.calling != null) {
                sleeping.set(false);
                return;
            }
        }
        while (sleeping.get()) {
            LockSupport.park(this);
        }
    }

    /** One thread's running call. Only the owner thread writes it. */
    static final class Slot {
        private final Thread thread;
        private volatile GraalWasmContext calling;

        private Slot(Thread thread) {
            this.thread = thread;
        }

        /** Marks a call into {@code context} as running; the previous one, to restore after. */
        GraalWasmContext enter(GraalWasmContext context) {
            var previous = calling;
            calling = context;
            if (INSTANCE.sleeping.get() && INSTANCE.sleeping.compareAndSet(true, false)) {
                LockSupport.unpark(INSTANCE.thread);
            }
            return previous;
        }

        void leave(GraalWasmContext previous) {
            calling = previous;
        }
    }
}
