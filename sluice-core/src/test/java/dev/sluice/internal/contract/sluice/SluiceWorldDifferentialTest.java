package dev.sluice.internal.contract.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.Verdict;
import dev.sluice.internal.loader.PluginInspector;
import dev.sluice.internal.runtime.PluginCode;
import dev.sluice.plugin.Contract;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.PluginMetric;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Bytes;
import dev.sluice.record.Header;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import dev.sluice.testing.Fixtures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differential tests of the world: each example component (every language it is built in) run
 * by the Java host on exactly the inputs plugins/tools/sluice-harness.mjs gave the same component
 * under jco, answering the same — verdicts and outputs byte for byte, the registration, init's
 * error, the host calls (log lines, metrics). Every type of the world crosses both ways: records
 * with key none or empty, binary values, repeated header keys, extreme timestamps, an empty batch,
 * a batch larger than the SDKs' argument arena; echo sends every field back.
 *
 * <p>What the Java side cannot take: records with a partition above 2^31 - 1 and offsets above 2^63
 * - 1 (the record model's bounds) are left out of their batch, and that batch's host lines (which
 * count the records) are then not compared. {@code state}, {@code events} and {@code http} are not
 * implemented by this host: where jco answered, this host must answer the WIT's error.
 */
class SluiceWorldDifferentialTest {

    /**
     * The ComponentizeJS build embeds a 12 MB JavaScript engine that takes minutes to start under
     * Chicory here: run it with {@code -Dsluice.test.js=true}.
     */
    private static final boolean JS = Boolean.getBoolean("sluice.test.js");

    private static final Map<String, List<String>> BUILDS =
            Map.of(
                    "content-filter", JS ? List.of("rust", "c", "js") : List.of("rust", "c"),
                    "mask-digits", List.of("rust"),
                    "json-router", List.of("rust"),
                    "echo", List.of("rust", "c"));

    private static final Pattern UNAVAILABLE_CALL =
            Pattern.compile("log (\\w+) ((state|events)\\.[a-z]+[a-z ]*) -> .*");

    /**
     * An {@code http.send} result. The context here grants no http (the echo example's request goes
     * to 127.0.0.1:9, which jco's harness fakes), so this host answers the WIT's error.
     */
    private static final Pattern HTTP_CALL = Pattern.compile("log (\\w+) http\\.send -> .*");

    static Stream<Arguments> runs() throws Exception {
        var out = new ArrayList<Arguments>();
        for (var plugin : List.of("content-filter", "mask-digits", "json-router", "echo")) {
            var runs =
                    WorldJson.MAPPER.readTree(
                            Files.readString(
                                    Fixtures.testdata(
                                            "components/expected/sluice-" + plugin + ".json")));
            for (var lang : BUILDS.get(plugin)) {
                for (int i = 0; i < runs.size(); i++) {
                    out.add(
                            Arguments.of(
                                    plugin + "-" + lang + " run " + i, plugin, lang, runs.get(i)));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void answersAsJcoDoes(String label, String plugin, String lang, JsonNode run) throws Exception {
        var inspected =
                PluginInspector.load(Fixtures.example("sluice/" + plugin + "-" + lang + ".wasm"));
        assertThat(inspected.descriptor().contract()).isEqualTo(Contract.SLUICE);
        // Compiling the JavaScript engine costs more than interpreting its few calls.
        var engine = lang.equals("js") ? ExecutionEngine.INTERPRETER : ExecutionEngine.COMPILER;
        var code =
                PluginCode.prepare(
                        inspected, PluginSettings.builder().withEngine(engine).build(), null);
        var config = new HashMap<String, String>();
        run.get("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        var context = new PluginContext(plugin, config, event -> {});
        var binding = (SluiceBinding) inspected.binding();
        var guest = (SluiceInstance) binding.instantiate(code, context);
        var reference =
                (SluiceInstance)
                        binding.instantiate(code, new PluginContext(plugin, config, event -> {}));
        var metrics = new ExpectedMetrics(plugin);
        // Once a record was left out, the plugin counted one fewer than under jco.
        boolean metricsComparable = true;

        for (var answer : run.get("answers")) {
            List<String> lines = new ArrayList<>();
            guest.log().beginCall();
            guest.log().capture(lines);
            boolean complete = true;
            switch (answer.get("call").asText()) {
                case "init" -> {
                    var result = answer.get("result");
                    if (result.has("err")) {
                        assertThatThrownBy(guest::initialise)
                                .hasMessage("returned err: " + result.get("err").asText());
                        return;
                    }
                    guest.initialise();
                    reference.initialise();
                    var ok = result.get("ok");
                    assertThat(binding.hasAfterStore())
                            .isEqualTo(ok.get("wants_stored").asBoolean());
                    var subscriptions = new ArrayList<String>();
                    ok.get("subscriptions").forEach(s -> subscriptions.add(s.asText()));
                    assertThat(binding.subscriptions()).isEqualTo(subscriptions);
                }
                case "on-records" -> complete = onRecords(guest, reference, answer);
                case "on-stored" -> {
                    var stored = new ArrayList<StoredRecord>();
                    for (var r : answer.get("records")) {
                        var record = WorldJson.record(r);
                        long offset = Long.parseUnsignedLong(r.get("offset").asText());
                        if (record == null || offset < 0) {
                            complete = false;
                        } else {
                            stored.add(new StoredRecord(record, offset));
                        }
                    }
                    guest.afterStore(stored);
                }
                case "on-event" ->
                        guest.onEvent(
                                answer.get("channel").asText(),
                                WorldJson.bytes(answer, "payload").toByteArray());
                default -> throw new AssertionError("unknown call " + answer.get("call"));
            }
            guest.log().endCall();
            var host = answer.get("host");
            if (host.isArray()) {
                metrics.expect(host);
                if (complete) {
                    assertHostLines(plugin, host, lines);
                }
            } else {
                assertThat(lines).hasSizeLessThanOrEqualTo(host.get("calls").asInt());
            }
            metricsComparable &= complete;
            if (metricsComparable) {
                assertThat(context.metrics().snapshot())
                        .as("metrics")
                        .isEqualTo(metrics.snapshot());
            }
        }
    }

    /** Returns whether every record of the batch could be given (so host lines compare). */
    private static boolean onRecords(
            SluiceInstance guest, SluiceInstance reference, JsonNode answer) throws Exception {
        var inputs = answer.get("records");
        var records = new ArrayList<Record>();
        var kept = new ArrayList<Integer>();
        if (inputs.isTextual()) {
            records.addAll(bulk());
            for (int i = 0; i < records.size(); i++) {
                kept.add(i);
            }
        } else {
            for (int i = 0; i < inputs.size(); i++) {
                var record = WorldJson.record(inputs.get(i));
                if (record != null) {
                    records.add(record);
                    kept.add(i);
                }
            }
        }
        List<Verdict> verdicts = guest.beforeStore(records);
        assertThat(verdicts).hasSize(records.size());
        // The direct lowering against the generic values: another instance, the same inputs.
        reference.log().beginCall();
        assertThat(reference.beforeStoreGeneric(records)).isEqualTo(verdicts);
        reference.log().endCall();
        var json = WorldJson.MAPPER.createArrayNode();
        verdicts.forEach(v -> json.add(WorldJson.verdict(v)));
        var expected = answer.get("verdicts");
        if (expected.isArray()) {
            for (int i = 0; i < kept.size(); i++) {
                assertThat(json.get(i))
                        .as("verdict for record %d", kept.get(i))
                        .isEqualTo(expected.get(kept.get(i)));
            }
            return kept.size() == expected.size();
        }
        var tally = new LinkedHashMap<String, Integer>();
        for (var v : json) {
            tally.merge(v.isTextual() ? v.asText() : v.fieldNames().next(), 1, Integer::sum);
        }
        var expectedTally = new LinkedHashMap<String, Integer>();
        expected.get("tally")
                .properties()
                .forEach(e -> expectedTally.put(e.getKey(), e.getValue().asInt()));
        assertThat(tally).isEqualTo(expectedTally);
        assertThat(WorldJson.sha256(json)).isEqualTo(expected.get("sha256").asText());
        return true;
    }

    /** The harness's bulk batch: 200 records of 1000 bytes (see BULK_DESCRIPTION there). */
    private static List<Record> bulk() {
        var records = new ArrayList<Record>();
        for (int i = 0; i < 200; i++) {
            byte[] value = new byte[1000];
            for (int j = 0; j < value.length; j++) {
                value[j] = (byte) ((i * 7 + j) % 251);
            }
            records.add(
                    new Record(
                            "bulk",
                            i,
                            i % 3 == 0 ? null : Bytes.wrap(new byte[] {(byte) (i & 255)}),
                            Bytes.wrap(value),
                            List.of(Header.of("n", String.valueOf(i))),
                            i));
        }
        return records;
    }

    /*
     * jco's host lines against the lines this host logged: {@code log info x} is {@code INFO x};
     * metric calls are checked through the metrics instead; a call of an interface this host does
     * not implement answers its error, and a call of a service (never granted here) the
     * permission's, whatever jco's implementation answered.
     */
    /** The interfaces behind a permission, which this host implements. */
    private static final java.util.Set<String> SERVICES =
            java.util.Set.of("state", "events", "http");

    private static void assertHostLines(String plugin, JsonNode host, List<String> lines) {
        var expected = new ArrayList<String>();
        var prefixOnly = new java.util.HashSet<Integer>();
        for (var call : host) {
            String line = call.asText();
            var unavailable = UNAVAILABLE_CALL.matcher(line);
            var http = HTTP_CALL.matcher(line);
            if (http.matches()) {
                expected.add(
                        level(http.group(1))
                                + " http.send -> err permission 'http' is not granted to plugin "
                                + plugin
                                + " (settings: plugins."
                                + plugin
                                + ".permissions)");
            } else if (unavailable.matches()) {
                String iface = unavailable.group(3);
                prefixOnly.add(expected.size());
                expected.add(
                        level(unavailable.group(1))
                                + " "
                                + unavailable.group(2)
                                + " -> err "
                                + (SERVICES.contains(iface)
                                        ? "permission '" + iface + "' is not granted to plugin "
                                        : iface + " is not available yet"));
            } else if (line.startsWith("log ")) {
                int space = line.indexOf(' ', 4);
                expected.add(level(line.substring(4, space)) + line.substring(space));
            }
            // "counter-add …" and friends: ExpectedMetrics; "publish …", "http …": jco's own
            // implementations of what this host answers with an error.
        }
        assertThat(lines).hasSameSizeAs(expected);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("host line %d", i).startsWith(expected.get(i));
            if (!prefixOnly.contains(i)) {
                assertThat(lines.get(i)).isEqualTo(expected.get(i));
            }
        }
    }

    private static String level(String wit) {
        return wit.toUpperCase(Locale.ROOT);
    }

    /** The metrics jco's host saw the plugin define, summed up as PluginMetrics keeps them. */
    private static final class ExpectedMetrics {
        private final String plugin;
        private final Map<String, PluginMetric> metrics = new HashMap<>();

        ExpectedMetrics(String plugin) {
            this.plugin = plugin;
        }

        void expect(JsonNode host) {
            for (var call : host) {
                String[] parts = call.asText().split(" ");
                switch (parts[0]) {
                    case "counter-add" -> {
                        long total =
                                metrics.get(parts[1]) instanceof PluginMetric.Counter c
                                        ? c.total()
                                        : 0;
                        metrics.put(
                                parts[1],
                                new PluginMetric.Counter(
                                        plugin, parts[1], total + Long.parseLong(parts[2])));
                    }
                    case "gauge-set" ->
                            metrics.put(
                                    parts[1],
                                    new PluginMetric.Gauge(
                                            plugin, parts[1], Double.parseDouble(parts[2])));
                    case "histogram-record" -> {
                        double value = Double.parseDouble(parts[2]);
                        var h =
                                metrics.get(parts[1]) instanceof PluginMetric.Histogram old
                                        ? new PluginMetric.Histogram(
                                                plugin,
                                                parts[1],
                                                old.count() + 1,
                                                old.sum() + value,
                                                Math.max(old.max(), value))
                                        : new PluginMetric.Histogram(
                                                plugin, parts[1], 1, value, value);
                        metrics.put(parts[1], h);
                    }
                    default -> {}
                }
            }
        }

        List<PluginMetric> snapshot() {
            return metrics.values().stream()
                    .sorted(java.util.Comparator.comparing(PluginMetric::name))
                    .toList();
        }
    }

    static byte[] base64(String text) {
        return Base64.getDecoder().decode(text);
    }
}
