package dev.sluice.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.state.StateException;
import dev.sluice.state.StateStore;
import dev.sluice.testing.StateStoreContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis store against a real redis-server: the store contract, and servers sharing it. */
class RedisStateStoreTest extends StateStoreContract {

    @TempDir static Path dir;
    private static RedisServer redis;
    private static int databases;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(dir);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** Each test its own database (Redis has 16): a fresh, empty store. */
    @Override
    protected StateStore open() {
        return RedisStateStore.connect(redis.url() + "/" + (databases++ % 16));
    }

    @Test
    void twoStoresOnOneRedisCountAsOne() throws Exception {
        String url = redis.url() + "/15";
        try (var a = RedisStateStore.connect(url);
                var b = RedisStateStore.connect(url)) {
            var pool = Executors.newFixedThreadPool(4);
            try {
                var futures = new ArrayList<Future<?>>();
                for (var s : new RedisStateStore[] {a, b, a, b}) {
                    futures.add(
                            pool.submit(
                                    () -> {
                                        for (int i = 0; i < 250; i++) {
                                            s.increment("p", "shared", 1, LIMITS);
                                        }
                                    }));
                }
                for (var f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(b.get("p", "shared"))
                    .map(v -> new String(v, StandardCharsets.US_ASCII))
                    .hasValue("1000");
        }
    }

    @Test
    void anUnreachableRedisIsAnErrorNamingTheUrlWithoutItsPassword() {
        assertThatThrownBy(() -> RedisStateStore.connect("redis://:secret@127.0.0.1:1"))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("cannot reach Redis at redis://***@127.0.0.1:1")
                .hasMessageContaining("state.redis.url")
                .hasMessageNotContaining("secret");
    }
}
