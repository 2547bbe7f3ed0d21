package dev.sluice.bench;

import dev.sluice.record.Bytes;
import dev.sluice.record.Record;
import dev.sluice.server.config.StorageSettings;
import dev.sluice.server.log.disk.DiskLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appends to the durable log ({@code storage.type: disk}) of 100-byte records, one request of
 * {@code batch} records per operation, with each flush policy: what {@code storage.flush} costs.
 * Throughput in requests per second; multiply by {@code batch} for records.
 *
 * <pre>java -cp "sluice-bench/target/sluice-bench-0.1.0-SNAPSHOT.jar:sluice-bench/target/lib/*" \
 *   org.openjdk.jmh.Main StorageAppendBenchmark -f 1 -wi 2 -i 3 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StorageAppendBenchmark {

    @Param({"every_batch", "interval"})
    public String flush;

    @Param({"1", "100"})
    public int batch;

    private Path dir;
    private DiskLog log;
    private List<Record> request;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("sluice-storage-bench");
        var policy =
                flush.equals("every_batch")
                        ? new StorageSettings.Flush.EveryBatch()
                        : (StorageSettings.Flush)
                                new StorageSettings.Flush.Interval(Duration.ofSeconds(1));
        log =
                DiskLog.open(
                        StorageSettings.disk(dir)
                                .withFlush(policy)
                                .withRetention(256L << 20, Optional.empty()));
        request = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            request.add(
                    Record.builder("bench")
                            .key(Bytes.utf8("key-" + i))
                            .value(Bytes.wrap(new byte[100]))
                            .timestamp(1_700_000_000_000L)
                            .build());
        }
    }

    @Benchmark
    public long[] append() {
        return log.append(request);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
