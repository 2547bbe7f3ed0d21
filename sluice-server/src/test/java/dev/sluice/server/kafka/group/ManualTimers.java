package dev.sluice.server.kafka.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Timers whose time the test moves: a timeout fires exactly when {@link #advance} passes it. */
final class ManualTimers implements Timers {

    private final class Task implements Timer {
        final long due;
        final Runnable run;
        boolean cancelled;

        Task(long due, Runnable run) {
            this.due = due;
            this.run = run;
        }

        @Override
        public void cancel() {
            synchronized (ManualTimers.this) {
                cancelled = true;
            }
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;

    @Override
    public synchronized Timer schedule(long delayMs, Runnable task) {
        var t = new Task(now + delayMs, task);
        tasks.add(t);
        return t;
    }

    /** Moves time on, running every timer that falls due on the way, in order. */
    void advance(long ms) {
        long target;
        synchronized (this) {
            target = now + ms;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next =
                        tasks.stream()
                                .filter(t -> !t.cancelled && t.due <= target)
                                .min(Comparator.comparingLong(t -> t.due))
                                .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                now = next.due;
            }
            next.run.run();
        }
    }

    @Override
    public void close() {}
}
