package dev.sluice.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class InstancePoolTest {

    @Test
    void anEmptyPoolHasNothingToLend() {
        assertThat(new InstancePool<String>(3).borrow()).isNull();
    }

    @Test
    void aReleasedInstanceIsLentAgain() {
        var pool = new InstancePool<String>(3);
        assertThat(pool.release("a")).isTrue();

        assertThat(pool.borrow()).isEqualTo("a");
        assertThat(pool.borrow()).isNull();
    }

    @Test
    void releaseRefusesOnceEverySlotIsTaken() {
        var pool = new InstancePool<String>(2);
        assertThat(pool.release("a")).isTrue();
        assertThat(pool.release("b")).isTrue();

        assertThat(pool.release("c")).isFalse();
        assertThat(pool.drain()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void drainEmptiesThePool() {
        var pool = new InstancePool<Integer>(4);
        for (int i = 0; i < 4; i++) {
            pool.release(i);
        }

        assertThat(pool.drain()).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(pool.borrow()).isNull();
        assertThat(pool.drain()).isEmpty();
    }

    @Test
    void concurrentBorrowersNeverGetTheSameInstance() throws Exception {
        int threads = 4;
        var pool = new InstancePool<Integer>(threads);
        for (int i = 0; i < threads; i++) {
            pool.release(i);
        }
        var held = ConcurrentHashMap.<Integer>newKeySet();
        var executor = Executors.newFixedThreadPool(threads);
        try {
            var tasks = new ArrayList<Callable<Integer>>();
            for (int t = 0; t < threads; t++) {
                tasks.add(
                        () -> {
                            int clashes = 0;
                            for (int i = 0; i < 20_000; i++) {
                                Integer mine = pool.borrow();
                                if (mine == null) {
                                    continue;
                                }
                                if (!held.add(mine)) {
                                    clashes++;
                                }
                                held.remove(mine);
                                pool.release(mine);
                            }
                            return clashes;
                        });
            }
            for (var f : executor.invokeAll(tasks)) {
                assertThat(f.get()).isZero();
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(new HashSet<>(pool.drain())).containsExactlyInAnyOrder(0, 1, 2, 3);
    }
}
