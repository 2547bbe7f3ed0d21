package dev.sluice.server.log.disk;

import dev.sluice.record.Bytes;
import dev.sluice.record.Record;
import dev.sluice.server.config.StorageSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code storage.flush} costs: appends of 100-byte records to the disk log, one request of 1
 * or 100 records at a time from one thread, with each flush policy; prints requests and records per
 * second (docs/operations.md#storage quotes a run). A measurement, not a test: it asserts nothing
 * and is not in the default suite:
 *
 * <pre>
 * ./mvnw -o -pl sluice-server -am test -Dtest=AppendThroughputBench -Dsluice.storage.bench=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "sluice.storage.bench", matches = "true")
class AppendThroughputBench {

    @TempDir Path dir;

    @Test
    void appendThroughputByFlushPolicy() {
        long seconds = Long.getLong("sluice.storage.bench.seconds", 3);
        for (var flush :
                List.<StorageSettings.Flush>of(
                        new StorageSettings.Flush.EveryBatch(),
                        new StorageSettings.Flush.Interval(Duration.ofSeconds(1)))) {
            for (int batch : new int[] {1, 100}) {
                var settings =
                        StorageSettings.disk(dir.resolve(flush + "-" + batch))
                                .withFlush(flush)
                                .withRetention(256L << 20, Optional.empty());
                try (var log = DiskLog.open(settings)) {
                    var request = new ArrayList<Record>(batch);
                    for (int i = 0; i < batch; i++) {
                        request.add(
                                Record.builder("bench")
                                        .key(Bytes.utf8("key-" + i))
                                        .value(Bytes.wrap(new byte[100]))
                                        .timestamp(1_700_000_000_000L)
                                        .build());
                    }
                    run(log, request, TimeUnit.SECONDS.toNanos(1)); // warm-up
                    long[] done = run(log, request, TimeUnit.SECONDS.toNanos(seconds));
                    double secs = done[1] / 1e9;
                    System.out.printf(
                            "storage append: flush %-11s batch %3d: %,9.0f requests/s, %,10.0f"
                                    + " records/s, mean %,8.1f us per request%n",
                            flush instanceof StorageSettings.Flush.Interval
                                    ? "interval 1s"
                                    : "every_batch",
                            batch,
                            done[0] / secs,
                            done[0] * batch / secs,
                            done[1] / 1e3 / done[0]);
                }
            }
        }
    }

    /** Appends for about {@code nanos}; returns requests done and nanoseconds taken. */
    private static long[] run(DiskLog log, List<Record> request, long nanos) {
        long start = System.nanoTime();
        long n = 0;
        long now;
        do {
            log.append(request);
            n++;
            now = System.nanoTime();
        } while (now - start < nanos);
        return new long[] {n, now - start};
    }
}
