package dev.sluice.server.kafka.group;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Work to do once a group's lock is released: completing futures, so that what callers chain on
 * them never runs under the lock.
 */
final class After {
    private final List<Runnable> tasks = new ArrayList<>();

    <T> void complete(CompletableFuture<T> future, T value) {
        tasks.add(() -> future.complete(value));
    }

    void run() {
        tasks.forEach(Runnable::run);
    }
}
