package dev.sluice.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.component.types.ResourceType;
import dev.sluice.component.wasi.WasiHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same components, with the same inputs, on the JVM and under Node: {@code
 * plugins/tools/differential.mjs} ran them through {@code jco transpile} (an independent
 * implementation of the canonical ABI) and recorded the answers in {@code
 * testdata/components/expected/}; sluice-component must give the same ones.
 */
class DifferentialTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The records differential.mjs sends, in its order. */
    private static final List<Object[]> RECORDS =
            List.of(
                    new Object[] {"orders", 0L, Optional.empty(), "hello"},
                    new Object[] {"sensitive-data", 1L, Optional.of("k"), "x"},
                    new Object[] {"orders", 2L, Optional.empty(), ""},
                    new Object[] {"sensitive-data", 3L, Optional.empty(), "x"},
                    new Object[] {"orders", 4294967295L, Optional.of("clé"), "my password is 123"},
                    new Object[] {"日本", 7L, Optional.of("🦀"), "ünïcödé value"});

    /** differential.mjs's STRINGS. */
    private static final List<String> STRINGS =
            List.of(
                    "",
                    "plain ascii",
                    "héllo wörld",
                    "日本語",
                    "🦀 and 𝄞",
                    "a\u0000b",
                    "ÿ".repeat(100));

    /** As Node would write it: numbers by value, whatever their Java type. */
    private static JsonNode asJson(Object value) throws IOException {
        return JSON.readTree(JSON.writeValueAsString(value));
    }

    private static JsonNode expected(String name) throws IOException {
        return JSON.readTree(
                new String(
                        Fixtures.plugin("testdata/components/expected/" + name + ".json"),
                        StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"content-filter-component", "demo-plugin-component", "content-filter-js"})
    void blinkPluginsAnswerAsUnderNode(String name) throws IOException {
        var component = Component.decode(Fixtures.plugin("blink/" + name + ".wasm"));
        List<String> logged = new ArrayList<>();
        var linker =
                new Linker()
                        .function(
                                "blink:plugin/host@0.1.0",
                                "log",
                                args -> {
                                    logged.add(args[0] + " " + args[1]);
                                    return null;
                                });
        WasiHost.builder().build().define(linker);
        var instance = linker.instantiate(component);
        var init = instance.function("blink:plugin/plugin@0.1.0#init");
        var onRecord = instance.function("blink:plugin/plugin@0.1.0#on-record");

        List<Map<String, Object>> answers = new ArrayList<>();
        Object port = init.call();
        answers.add(answer("init", ((Optional<?>) port).orElse(null), logged));
        for (Object[] record : RECORDS) {
            logged.clear();
            Object accepted = onRecord.call(record);
            answers.add(answer("on-record " + record[0] + " " + record[1], accepted, logged));
        }

        JsonNode actual = asJson(answers);
        assertThat(actual).isEqualTo(expected(name));
    }

    @Test
    void stringsInUtf8AndUtf16GuestMemoryAsUnderNode() throws IOException {
        var instance =
                new Linker()
                        .instantiate(
                                Component.decode(
                                        Fixtures.plugin("testdata/components/strings.wasm")));
        List<Map<String, Object>> answers = new ArrayList<>();
        for (String s : STRINGS) {
            Map<String, Object> answer = new LinkedHashMap<>();
            for (String f : List.of("echo8", "echo16", "length8", "length16")) {
                answer.put(f, instance.function(f).call(s));
            }
            answers.add(answer);
        }
        JsonNode actual = asJson(answers);
        assertThat(actual).isEqualTo(expected("strings"));
    }

    private static Map<String, Object> answer(String call, Object result, List<String> logged) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("call", call);
        answer.put("result", result);
        answer.put("logged", List.copyOf(logged));
        return answer;
    }

    /** differential.mjs's FIXED, in the Java values of {@link Values}. */
    private static Map<String, Object> fixed() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("b", true);
        v.put("i8", -7);
        v.put("n8", 250);
        v.put("i16", -1000);
        v.put("n16", 60000);
        v.put("i32", -100000);
        v.put("n32", 4000000000L);
        v.put("i64", -5000000000L);
        v.put("n64", Long.parseUnsignedLong("17000000000000000000"));
        v.put("f", 1.25f);
        v.put("d", -0.000123);
        v.put("c", (int) 'ß');
        v.put("s", "fixed ✓");
        v.put("bytes", new byte[] {0, 1, (byte) 254, (byte) 255});
        v.put("words", List.of("one", "twö", ""));
        v.put("p", point(1, -1));
        v.put("t", List.of(9, "nine", 9.5f));
        v.put("sh", new VariantValue("rect", point(2, 3)));
        v.put("col", "blue");
        v.put("o", Optional.of("present"));
        v.put("oo", Optional.of(Optional.of(7)));
        v.put("r", ResultValue.err("bad"));
        v.put("unit", ResultValue.ok(null));
        v.put("fl", Set.of("read", "exec"));
        v.put("shapes", List.of(new VariantValue("empty", null), new VariantValue("circle", 0.5)));
        v.put("nested", List.of(Optional.empty(), Optional.of(point(5, 6))));
        return v;
    }

    private static Map<String, Object> point(int x, int y) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("x", x);
        p.put("y", y);
        return p;
    }

    @Test
    void everyTypeCrossesTheBoundaryAsUnderNode() throws IOException {
        var expected = expected("kitchen-sink-js");
        String host = "test:kitchen/host@0.1.0";
        var linker =
                new Linker()
                        .resource(host, "tally", new ResourceType("tally"), null)
                        .function(
                                host, "[constructor]tally", a -> new AtomicInteger((Integer) a[0]))
                        .function(
                                host,
                                "[method]tally.add",
                                a -> ((AtomicInteger) a[0]).addAndGet((Integer) a[1]))
                        .function(host, "echo", a -> a[0])
                        .function(
                                host,
                                "flat",
                                a ->
                                        List.of(
                                                a[0],
                                                a[1],
                                                a[2],
                                                -1099511627776L,
                                                a[3],
                                                a[4],
                                                a[5],
                                                a[6]));
        WasiHost.builder().build().define(linker);
        var api =
                linker.instantiate(
                        Component.decode(
                                Fixtures.plugin("testdata/components/kitchen-sink-js.wasm")));
        var describe = api.function("test:kitchen/api@0.1.0#describe");
        var make = api.function("test:kitchen/api@0.1.0#make");

        assertThat(describe.call(fixed())).isEqualTo(expected.get("describe-fixed").asText());
        for (long seed = 0; seed < 5; seed++) {
            Object made = make.call(seed);
            assertThat(describe.call(made))
                    .as("make(%d)", seed)
                    .isEqualTo(expected.get("make-" + seed).asText());
        }
        assertThat(
                        api.function("test:kitchen/api@0.1.0#describe-flat")
                                .call(
                                        200,
                                        -300,
                                        4000000000L,
                                        -5000000000000L,
                                        0.1f,
                                        2.5,
                                        0x1F980,
                                        true))
                .isEqualTo(expected.get("describe-flat").asText());
        assertThat(
                        api.function("test:kitchen/api@0.1.0#many")
                                .call(
                                        Stream.of(
                                                        1L, 2L, "c", 4L, 5L, "f", 7L, 8L, "i", 10L,
                                                        11L, "l", 13L, 14L, "o")
                                                .toArray()))
                .isEqualTo(expected.get("many").asText());
        assertThat(api.function("test:kitchen/api@0.1.0#tally").call(10, List.of(1, 2, 3, -100)))
                .hasToString(expected.get("tally").asText());
        assertThat(
                        api.function("test:kitchen/api@0.1.0#lengths")
                                .call(List.of("", "a", "héllo", "🦀")))
                .isEqualTo(
                        JSON.convertValue(
                                expected.get("lengths"),
                                JSON.getTypeFactory()
                                        .constructCollectionType(List.class, Long.class)));
    }
}
