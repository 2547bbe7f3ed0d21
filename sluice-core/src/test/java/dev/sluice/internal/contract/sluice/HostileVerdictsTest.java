package dev.sluice.internal.contract.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast path ({@link RecordsCall}) reads verdicts straight out of guest memory; a guest that
 * answers garbage (testdata/sluice-hostile.wat: bad variant and option tags, pointers outside
 * memory or misaligned, lists longer than memory, text that is not UTF-8, a verdict count that does
 * not match) must fail its call with a reason that says what was wrong, be rejected by the failure
 * policy (fail closed), and leave the plugin serving the next batch.
 */
class HostileVerdictsTest {

    private final EngineHarness engine = new EngineHarness();
    private String plugin;

    @BeforeEach
    void load() {
        plugin =
                engine.loadEnabled(
                        Fixtures.testdata("sluice-hostile.wasm"),
                        PluginSettings.builder().withMaxConsecutiveFailures(1000).build());
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private List<Decision> batch(String mode) {
        return engine.sluice()
                .process(
                        List.of(
                                Record.builder("t").value(mode + "-first").build(),
                                Record.builder("t").value("second").build()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "t | a verdict has case 7 (the variant has 0 accept, 1 reject, 2 replace)",
                "o | the returned value at 0x7ffffff0 with length 8 lies outside memory",
                "m | the list of verdicts at 0x801 is not aligned to 4 bytes",
                "l | the list of verdicts of 3221225472 bytes is longer than the canonical ABI"
                        + " allows",
                "c | returned 3 verdicts for 2 records",
                "u | not valid UTF-8",
                "p | an output's topic has option tag 2 (0 none, 1 some)",
                "r | lies outside memory",
                "h | an output's headers of 8589934592 bytes is longer than the canonical ABI"
                        + " allows",
                "v | the list of verdicts at 0x1fff4 with length 24 lies outside memory",
            })
    void garbageFailsTheBatchClosedSayingWhatWasWrong(String mode, String reason) {
        var decisions = batch(mode);

        assertThat(decisions)
                .hasSize(2)
                .allSatisfy(
                        d ->
                                assertThat(d)
                                        .isInstanceOfSatisfying(
                                                Decision.Reject.class,
                                                r -> {
                                                    assertThat(r.plugin()).isEqualTo(plugin);
                                                    assertThat(r.reason()).contains(reason);
                                                }));
        assertThat(engine.sluice().plugin(plugin).orElseThrow().failures()).isEqualTo(1);

        // The instance that answered garbage is gone; the next batch is served.
        assertThat(batch("a")).containsOnly(Decision.accept());
    }
}
