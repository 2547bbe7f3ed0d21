package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.plugin.Contract;
import dev.sluice.plugin.PluginMetric;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Bytes;
import dev.sluice.record.Decision;
import dev.sluice.record.Header;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chain end to end with the sluice:plugin example components, in every combination of accept,
 * reject and replace (split then reject, route then transform, drop), and mixed with a Blink
 * plugin, which takes text: a non-UTF-8 output reaching it is rejected, saying so.
 */
class SluiceWorldChainTest {

    private final EngineHarness engine = new EngineHarness();

    @AfterEach
    void close() {
        engine.close();
    }

    private void load(String file) {
        engine.loadEnabled(Fixtures.example(file), PluginSettings.defaults());
    }

    private Decision one(Record record) {
        return engine.sluice().process(List.of(record)).get(0);
    }

    private static Record echo(String verdict, String value) {
        return Record.builder("t")
                .key(Bytes.utf8("k"))
                .value(value)
                .header("verdict", verdict)
                .timestamp(7)
                .build();
    }

    @Test
    void inspectNamesTheWorld() {
        assertThat(Sluice.inspect(Fixtures.example("sluice/echo-c.wasm")).contract())
                .isEqualTo(Contract.SLUICE);
    }

    @Test
    void validationNamesEveryProblemOfAComponentThatHalfImplementsTheWorld() {
        assertThatThrownBy(() -> Sluice.inspect(Fixtures.testdata("sluice-half.wasm")))
                .isInstanceOfSatisfying(
                        PluginValidationException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                "sluice:plugin/plugin@0.1.0 does not export init:"
                                                        + " func() -> result<registration, string>",
                                                "sluice:plugin/plugin@0.1.0#on-records must be"
                                                        + " func(records: list<record>) ->"
                                                        + " list<verdict>",
                                                "sluice:plugin/plugin@0.1.0 does not export"
                                                        + " on-stored: func(records:"
                                                        + " list<tuple<record, u64>>)",
                                                "sluice:plugin/plugin@0.1.0 does not export"
                                                        + " on-event: func(channel: string,"
                                                        + " payload: list<u8>)"));
    }

    @Test
    void routeThenTransform() {
        load("sluice/json-router-rust.wasm");
        load("sluice/mask-digits-rust.wasm");
        var decision = one(Record.builder("events").value("{\"type\":\"order\",\"id\":1}").build());

        assertThat(decision).isInstanceOf(Decision.Replace.class);
        var stored = ((Decision.Replace) decision).records();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).topic()).isEqualTo("orders");
        assertThat(stored.get(0).valueText()).isEqualTo("{\"type\":\"order\",\"id\":#}");
        assertThat(stored.get(0).headers())
                .containsExactly(
                        Header.of("routed-from", "events"), Header.of("masked-digits", "1"));
        assertThat(engine.sluice().pluginMetrics())
                .contains(new PluginMetric.Counter("mask-digits-rust", "records_masked", 1));
    }

    /**
     * The Rust SDK's transform masks each value where the host put it and passes the record on by
     * pointing at the call's arguments (key, value and headers inherited, one header added), which
     * the guest keeps until the host has read the results. 2,000 records of 120 bytes fill the
     * SDK's 64 KiB argument arena several times over, and the second round reuses it.
     */
    @Test
    void aTransformedBatchLargerThanTheGuestsArgumentArenaComesBackWhole() {
        load("sluice/mask-digits-rust.wasm");
        for (int round = 0; round < 2; round++) {
            var records = new java.util.ArrayList<Record>();
            for (int i = 0; i < 2_000; i++) {
                records.add(
                        Record.builder("cards")
                                .key(Bytes.utf8("key-" + i))
                                .value("card " + (round * 10_000 + i) + " " + "x".repeat(100))
                                .header("seq", "seq-" + i)
                                .build());
            }
            var decisions = engine.sluice().process(records);

            assertThat(decisions).hasSize(2_000);
            for (int i = 0; i < 2_000; i++) {
                var digits = String.valueOf(round * 10_000 + i);
                assertThat(decisions.get(i)).isInstanceOf(Decision.Replace.class);
                var out = ((Decision.Replace) decisions.get(i)).records();
                assertThat(out).hasSize(1);
                assertThat(out.get(0).keyText()).isEqualTo("key-" + i);
                assertThat(out.get(0).valueText())
                        .isEqualTo("card " + "#".repeat(digits.length()) + " " + "x".repeat(100));
                assertThat(out.get(0).headers())
                        .containsExactly(
                                Header.of("seq", "seq-" + i),
                                Header.of("masked-digits", String.valueOf(digits.length())));
            }
        }
    }

    @Test
    void splitThenRejectRejectsTheInput() {
        load("sluice/echo-rust.wasm");
        load("sluice/content-filter-rust.wasm");
        // echo splits it in two; the second output carries the value as it was, which the filter
        // refuses: nothing of the input is stored.
        var decision = one(echo("replace", "my password"));

        assertThat(decision)
                .isEqualTo(
                        new Decision.Reject(
                                "content-filter-rust", "rejected: value contains a password"));
    }

    @Test
    void splitThenAcceptStoresEveryOutput() {
        load("sluice/echo-c.wasm");
        load("sluice/content-filter-c.wasm");
        var decision = one(echo("replace", "abc"));

        var stored = ((Decision.Replace) decision).records();
        assertThat(stored).extracting(Record::topic).containsExactly("t.echo", "t");
        assertThat(stored).extracting(Record::valueText).containsExactly("cba", "abc");
        assertThat(stored.get(0).timestamp()).isEqualTo(8);
        assertThat(stored.get(1).timestamp()).isEqualTo(7); // none: the input's
    }

    @Test
    void dropStoresNothingAndIsNoRejection() {
        load("sluice/echo-rust.wasm");
        load("sluice/content-filter-rust.wasm");

        assertThat(one(echo("drop", ""))).isEqualTo(new Decision.Replace(List.of()));
        assertThat(one(echo("accept", "fine"))).isInstanceOf(Decision.Accept.class);
        assertThat(one(echo("reject", "no")))
                .isInstanceOfSatisfying(
                        Decision.Reject.class, r -> assertThat(r.plugin()).isEqualTo("echo-rust"));
    }

    @Test
    void aNonUtf8OutputReachingABlinkPluginIsRejectedSayingSo() {
        load("sluice/echo-rust.wasm");
        load("blink/content-filter.wasm");
        // echo reverses the value: [0x28, 0xc3] is not UTF-8.
        var input =
                Record.builder("t")
                        .value(Bytes.wrap(new byte[] {(byte) 0xc3, 0x28}))
                        .header("verdict", "replace")
                        .build();

        assertThat(one(input))
                .isInstanceOfSatisfying(
                        Decision.Reject.class,
                        r -> {
                            assertThat(r.plugin()).isEqualTo("content-filter");
                            assertThat(r.reason()).contains("not valid UTF-8");
                        });
    }

    @Test
    void initsErrorFailsTheLoadWithItsText() {
        var settings = PluginSettings.builder().withConfig(Map.of("fail", "as asked")).build();

        assertThatThrownBy(
                        () ->
                                engine.sluice()
                                        .load(Fixtures.example("sluice/echo-rust.wasm"), settings))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("init")
                .hasMessageContaining("init failed: as asked");
    }

    @Test
    void onStoredRunsOnlyWhenTheRegistrationAskedForIt() {
        var asks = PluginSettings.builder().withConfig(Map.of("wants-stored", "true")).build();
        engine.loadEnabled(Fixtures.example("sluice/echo-c.wasm"), asks);
        engine.loadEnabled(Fixtures.example("sluice/echo-rust.wasm"), PluginSettings.defaults());

        engine.sluice().afterStore(List.of(new StoredRecord(Record.of("t", 0, "k", "v"), 5)));

        assertThat(engine.pluginLog().messages())
                .anyMatch(line -> line.contains("stored at 5: topic=t"));
        assertThat(engine.sluice().plugin("echo-c").orElseThrow().calls()).isEqualTo(1);
        assertThat(engine.sluice().plugin("echo-rust").orElseThrow().calls()).isZero();
    }

    @Test
    void aBatchIsOneCallPerPlugin() {
        load("sluice/content-filter-rust.wasm");
        var records =
                List.of(
                        Record.of("orders", 0, null, "a"),
                        Record.of("orders", 0, null, ""),
                        Record.of("orders", 0, null, "b"));
        var decisions = engine.sluice().process(records);

        assertThat(decisions.get(0)).isInstanceOf(Decision.Accept.class);
        assertThat(decisions.get(1)).isInstanceOf(Decision.Reject.class);
        assertThat(decisions.get(2)).isInstanceOf(Decision.Accept.class);
        assertThat(engine.sluice().plugin("content-filter-rust").orElseThrow().calls())
                .isEqualTo(1);
    }
}
