package dev.sluice.server.kafka.group;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: session, rebalance and sync timeouts. A seam so the coordinator's
 * tests move time themselves instead of sleeping.
 */
interface Timers extends AutoCloseable {

    /** A scheduled task that may still be cancelled. */
    interface Timer {
        void cancel();
    }

    Timer schedule(long delayMs, Runnable task);

    @Override
    void close();

    /** One daemon thread for every group's timers; each task takes only its own group's lock. */
    static Timers threaded() {
        ScheduledExecutorService executor =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            var t = new Thread(r, "sluice-group-timers");
                            t.setDaemon(true);
                            return t;
                        });
        return new Timers() {
            @Override
            public Timer schedule(long delayMs, Runnable task) {
                var future = executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
