package dev.sluice.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Sluice;
import dev.sluice.component.Component;
import dev.sluice.component.ComponentFunction;
import dev.sluice.component.ComponentInstance;
import dev.sluice.component.HostFunc;
import dev.sluice.component.Linker;
import dev.sluice.component.wasi.WasiHost;
import dev.sluice.plugin.EventDelivery;
import dev.sluice.plugin.OnError;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Bytes;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import dev.sluice.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java examples of docs/embedding.md, compiled and run. {@link #everyExampleLineIsHere} keeps
 * the guide and this file in step: each line of the guide's examples must appear here, with {@code
 * Path.of("…")} written as {@code repo("…")} so the paths resolve from the repository root whatever
 * folder the tests run in.
 */
class EmbeddingGuideTest {

    // What the guide's first example leaves to the embedding server.
    private final List<String> counted = new ArrayList<>();
    private final List<String> replies = new ArrayList<>();
    private final List<Record> stored = new ArrayList<>();
    private final Metrics metrics = (plugin, type) -> counted.add(plugin + "/" + type);
    private final Log log =
            record -> {
                stored.add(record);
                return stored.size() - 1L;
            };

    interface Metrics {
        void count(String plugin, int type);
    }

    interface Log {
        long append(Record record);
    }

    private void reply(int status, String body) {
        replies.add(status + " " + body);
    }

    /**
     * The first plugin a JVM loads pays the JVM's warm-up inside its init, which can overrun the
     * example's per-call limit on a busy machine until init is timed by a limit of its own ({@code
     * plugin.max_init_time}); pay it here, with room.
     */
    @BeforeAll
    static void warmUp() {
        try (Sluice warm = Sluice.builder().build()) {
            warm.load(
                    repo("plugins/blink/content-filter.wasm"),
                    PluginSettings.builder().withMaxExecutionTime(Duration.ofSeconds(30)).build());
        }
    }

    private static Path repo(String relative) {
        return Fixtures.repositoryRoot().resolve(relative);
    }

    @Test
    void theWholeApiInOneExample() {
        try (Sluice sluice =
                Sluice.builder()
                        .withReservedPort(9092, "the broker") // plugins may not claim it in init
                        .withEventListener(e -> metrics.count(e.plugin(), e.type()))
                        .build()) {

            var settings =
                    PluginSettings.builder()
                            .withMaxMemoryBytes(32L << 20) // 32 MiB per instance
                            .withMaxExecutionTime(Duration.ofMillis(250)) // per call
                            .withOnError(OnError.REJECT) // fail closed (the default)
                            .build();
            // validate, compile, run init
            sluice.load(repo("plugins/blink/content-filter.wasm"), settings);
            sluice.enable("content-filter");

            Record record =
                    Record.builder("orders")
                            .key(Bytes.utf8("customer-7"))
                            .value("{\"total\": 12}")
                            .header("trace-id", "4bf92f35")
                            .build();
            Decision decision = sluice.process(record); // the chain, before storing
            if (decision.stores()) { // accept, or replace: rewritten, split, routed or dropped
                var stored = new ArrayList<StoredRecord>();
                for (Record r : decision.toStore(record)) { // store all of them or none
                    stored.add(new StoredRecord(r, log.append(r)));
                }
                sluice.afterStore(stored); // post-store hooks
            } else if (decision instanceof Decision.Reject r) {
                reply(422, r.plugin() + ": " + r.reason());
            } else if (decision instanceof Decision.Unavailable u) { // not looked at: overloaded,
                reply(503, u.error() + ": " + u.reason()); // or a Failed plugin failing closed
            }

            assertThat(stored).containsExactly(record);
            assertThat(sluice.process(Record.of("orders", 0, "customer-7", "")))
                    .isEqualTo(Decision.reject("content-filter", "rejected: empty value"));
        }
        assertThat(replies).isEmpty();
    }

    @Test
    void aComponentOnItsOwn() throws Exception {
        byte[] bytes = Files.readAllBytes(repo("plugins/blink/content-filter-component.wasm"));
        Component component = Component.decode(bytes); // validates: errors name section, offset
        System.out.println(component.wit()); // its world, as WIT

        HostFunc hostLog =
                args -> {
                    System.out.println(args[0] + ": " + args[1]); // the level's name, the text
                    return null; // log returns nothing
                };
        Linker linker = new Linker().function("blink:plugin/host@0.1.0", "log", hostLog);
        WasiHost.builder().stdout(System.out::println).build().define(linker);

        ComponentInstance instance = linker.instantiate(component); // one thread at a time
        Object port = instance.function("blink:plugin/plugin@0.1.0#init").call();
        ComponentFunction onRecord = instance.function("blink:plugin/plugin@0.1.0#on-record");
        Object ok = onRecord.call("orders", 0L, Optional.of("customer-7"), "hello");

        assertThat(component.wit()).contains("export blink:plugin/plugin@0.1.0;");
        assertThat(port).isEqualTo(Optional.empty());
        assertThat(ok).isEqualTo(Boolean.TRUE);
        assertThat(onRecord.call("orders", 0L, Optional.empty(), "")).isEqualTo(Boolean.FALSE);
    }

    /** What the guide's host-events example leaves to the embedding server. */
    private final Audit audit = counted::add;

    interface Audit {
        void note(String line);
    }

    @Test
    void hostEvents() {
        try (Sluice sluice = Sluice.builder().build()) {
            sluice.load(repo("plugins/ourchat/greeter.wasm"));
            sluice.enable("greeter");

            EventDelivery delivery = sluice.dispatch("user_created", "{\"name\": \"alice\"}");
            for (var failed : delivery.failed().entrySet()) { // logged and counted already
                audit.note(failed.getKey() + " missed user_created: " + failed.getValue());
            }

            assertThat(delivery.delivered()).containsExactly("greeter");
            assertThat(counted).isEmpty();
            sluice.dispatch("user_created", "{}"); // no name: the greeter's hook returns 1
            assertThat(sluice.dispatch("user_created", "[]").failed()).containsKey("greeter");
        }
    }

    @Test
    void everyExampleLineIsHere() throws Exception {
        String guide = Files.readString(repo("docs/embedding.md"));
        String self =
                Files.readString(
                        repo("sluice-core/src/test/java/dev/sluice/docs/EmbeddingGuideTest.java"));
        List<String> here = self.lines().map(String::strip).toList();
        var blocks = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(guide);
        int examples = 0;
        while (blocks.find()) {
            examples++;
            for (String line : blocks.group(1).split("\n")) {
                String code = line.strip().replace("Path.of(\"", "repo(\"");
                if (code.isEmpty() || code.startsWith("import ") || code.startsWith("//")) {
                    continue;
                }
                assertThat(here).as("docs/embedding.md example %d", examples).contains(code);
            }
        }
        assertThat(examples).isEqualTo(3);
    }
}
