package dev.sluice.internal.services.http;

import dev.sluice.internal.contract.Deadline;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves host names within a request's time. The JDK's resolver cannot be given a timeout, so a
 * lookup runs on a small shared pool and the caller waits only for what its budget has left; a
 * lookup that outlives its caller finishes on the pool and is dropped. The pool is bounded: more
 * lookups than threads at once queue, and their callers time out rather than add threads.
 */
final class Lookup {

    private static final int THREADS = 4;

    private static final ExecutorService POOL =
            Executors.newFixedThreadPool(
                    THREADS,
                    r -> {
                        var thread = new Thread(r, "sluice-http-dns");
                        thread.setDaemon(true);
                        return thread;
                    });

    private final Resolver resolver;

    Lookup(Resolver resolver) {
        this.resolver = resolver;
    }

    InetAddress[] resolve(String host, TimeBudget budget) throws HttpFailure {
        Future<InetAddress[]> lookup = POOL.submit(() -> resolver.resolve(host));
        try {
            return lookup.get(Math.max(1, budget.nanosLeft()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw budget.expired();
        } catch (InterruptedException e) {
            // The watchdog's interrupt: the call's time is up. Keep the flag for the runtime.
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw Deadline.timeUp("http.send");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw new HttpFailure(
                        "dns", "the host " + host + " is unknown (DNS found no address)");
            }
            throw new HttpFailure("dns", "resolving " + host + " failed: " + e.getCause());
        }
    }
}
