package dev.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.record.Record;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class TopicLogTest {

    private final TopicLog log = new TopicLog();

    @Test
    void offsetsStartAtZeroPerPartition() {
        assertThat(log.append(Record.of("a", 0, null, "1"))).isZero();
        assertThat(log.append(Record.of("a", 0, null, "2"))).isEqualTo(1);
        assertThat(log.append(Record.of("a", 1, null, "3"))).isZero();
        assertThat(log.append(Record.of("b", 0, null, "4"))).isZero();
    }

    @Test
    void readsFromAnOffsetUpToAMaximum() {
        for (int i = 0; i < 10; i++) {
            log.append(Record.of("a", 0, null, "v" + i));
        }

        var slice = log.read("a", 0, 3, 4).orElseThrow();

        assertThat(slice.records())
                .extracting(TopicLog.StoredEntry::offset)
                .containsExactly(3L, 4L, 5L, 6L);
        assertThat(slice.records().get(0).record().value()).isEqualTo("v3");
        assertThat(slice.highWatermark()).isEqualTo(10);
        assertThat(log.read("a", 0, 10, 5).orElseThrow().records()).isEmpty();
        assertThat(log.read("a", 7, 0, 5)).isEmpty();
    }

    @Test
    void concurrentAppendsGetDistinctOffsets() throws Exception {
        var pool = Executors.newFixedThreadPool(4);
        var tasks = new ArrayList<Callable<long[]>>();
        for (int t = 0; t < 4; t++) {
            tasks.add(
                    () -> {
                        long[] offsets = new long[1000];
                        for (int i = 0; i < offsets.length; i++) {
                            offsets[i] = log.append(Record.of("hot", 0, null, "x"));
                        }
                        return offsets;
                    });
        }
        var seen = new HashSet<Long>();
        for (var f : pool.invokeAll(tasks)) {
            for (long o : f.get()) {
                seen.add(o);
            }
        }
        pool.shutdown();

        assertThat(seen).hasSize(4000);
        assertThat(seen).allMatch(o -> o >= 0 && o < 4000);
        assertThat(log.size()).isEqualTo(4000);
    }
}
