package dev.sluice.graalwasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Sluice;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.testing.ContentFilterCases;
import dev.sluice.testing.Fixtures;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Plugins loaded by Sluice (sluice-core, found through the engine provider) and run on GraalWasm,
 * end to end: decisions, deadlines, and the time a record takes once warm (printed, not asserted:
 * the machine is shared).
 */
class GraalWasmPluginTest {

    private Sluice sluice = Sluice.builder().build();

    @AfterEach
    void close() {
        sluice.close();
    }

    private String load(String relative, PluginSettings settings) {
        var status = sluice.load(Fixtures.example(relative), settings);
        sluice.enable(status.name());
        return status.name();
    }

    /** Median nanoseconds per record over rounds of {@code n}, after {@code warmRounds}. */
    private long nanosPerRecord(int size, int warmRounds, int n) {
        var record = Record.of("orders", 0, "k", "x".repeat(size));
        long[] rounds = new long[10];
        for (int r = -warmRounds; r < rounds.length; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sluice.process(record);
            }
            if (r >= 0) {
                rounds[r] = (System.nanoTime() - t0) / n;
            }
        }
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    @Test
    void theRustFilterRunsOnGraalWasmWhenAskedFor() {
        String name =
                load(
                        "blink/content-filter.wasm",
                        PluginSettings.builder().withEngine(ExecutionEngine.GRAALWASM).build());
        ContentFilterCases.assertDecides(sluice, name);
        long graal100 = nanosPerRecord(100, 20, 5000);
        long graal10k = nanosPerRecord(10_000, 10, 1000);
        // The same plugin on Chicory's compiler in the same run, for the ratio.
        sluice.close();
        sluice = Sluice.builder().build();
        load(
                "blink/content-filter.wasm",
                PluginSettings.builder().withEngine(ExecutionEngine.COMPILER).build());
        long chicory100 = nanosPerRecord(100, 20, 5000);
        long chicory10k = nanosPerRecord(10_000, 10, 1000);
        System.out.printf(
                "rust content-filter, median ns/record: graalwasm (%s) %d at 100 B, %d at 10 KB;"
                        + " chicory-compiler %d at 100 B, %d at 10 KB%n",
                GraalWasmEngine.get().implementationName(),
                graal100,
                graal10k,
                chicory100,
                chicory10k);
    }

    @Test
    void aCallPastItsDeadlineIsStoppedAndTheNextRecordGetsAFreshInstance() {
        String name =
                load(
                        "testdata/blink-loop.wasm",
                        PluginSettings.builder()
                                .withEngine(ExecutionEngine.GRAALWASM)
                                .withMaxExecutionTime(Duration.ofMillis(100))
                                .withMaxInitTime(Duration.ofMillis(700))
                                .build());
        // The first call runs while the JIT compiles: it has max_init_time, and the window of
        // max_init_time is over when it is stopped, so the next call has the usual limit.
        var first = sluice.process(Record.of("orders", 0, null, "x"));
        assertThat(first).isInstanceOf(Decision.Reject.class);
        assertThat(((Decision.Reject) first).reason()).contains("time limit of 700 ms");
        assertThat(sluice.plugin(name).orElseThrow().failures()).isEqualTo(1);
        var second = sluice.process(Record.of("orders", 0, null, "x"));
        assertThat(second).isInstanceOf(Decision.Reject.class);
        assertThat(((Decision.Reject) second).reason()).contains("time limit of 100 ms");
        assertThat(sluice.plugin(name).orElseThrow().failures()).isEqualTo(2);
    }

    @Test
    void theJavaScriptFiltersFirstRecordsAreNotStoppedWhileItsCodeCompiles() {
        // Under the default 100 ms limit: its first calls take up to seconds in Truffle's
        // interpreter, within the warm-up window of max_init_time.
        String name =
                load(
                        "blink/content-filter-js.wasm",
                        PluginSettings.builder().withMaxInitTime(Duration.ofSeconds(60)).build());
        for (int i = 0; i < 5; i++) {
            var decision = sluice.process(Record.of("orders", 0, null, "harmless message " + i));
            assertThat(decision).as("record %d", i).isInstanceOf(Decision.Accept.class);
        }
        assertThat(sluice.plugin(name).orElseThrow().failures()).isZero();
    }

    @Test
    void autoRunsTheJavaScriptFilterOnGraalWasm() {
        long t0 = System.nanoTime();
        String name =
                load(
                        "blink/content-filter-js.wasm",
                        PluginSettings.builder()
                                .withMaxExecutionTime(Duration.ofSeconds(30))
                                .withMaxInitTime(Duration.ofSeconds(60))
                                .build());
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        ContentFilterCases.assertDecides(sluice, name);
        System.out.printf(
                "graalwasm js content-filter: loaded in %d ms; %d ns/record at 100 B (%s)%n",
                loadMs, nanosPerRecord(100, 5, 50), GraalWasmEngine.get().implementationName());
    }
}
