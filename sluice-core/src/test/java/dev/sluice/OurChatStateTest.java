package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Record;
import dev.sluice.state.InMemoryStateStore;
import dev.sluice.state.StateLimits;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OurChat's kv_* imports (testdata/ourchat-kv.c logs what each answered): the same store, grant and
 * limits as the sluice world's state, answered as lengths and negative codes.
 */
class OurChatStateTest {

    private static final Path KV = Fixtures.testdata("ourchat-kv.wasm");

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final EngineHarness engine = new EngineHarness(Sluice.builder().withStateStore(store));

    @AfterEach
    void close() {
        engine.close();
    }

    private String load(Permissions permissions, StateLimits limits) {
        return engine.loadEnabled(
                KV,
                PluginSettings.builder()
                        .withPermissions(permissions)
                        .withStateLimits(limits)
                        .build());
    }

    /** Sends each command as a message and returns what the plugin logged for it. */
    private List<String> run(String... commands) {
        int before = engine.pluginLog().messages().size();
        for (String command : commands) {
            engine.sluice().process(Record.of("chat", 0, null, command));
        }
        var all = engine.pluginLog().messages();
        // OurChat's log lines carry its "🔌 Plugin: " prefix.
        return all.subList(before, all.size()).stream()
                .map(line -> line.replaceFirst("^🔌 Plugin: ", ""))
                .toList();
    }

    @Test
    void setGetIncrementAndDeleteAnswerAsDocumented() {
        String name = load(Permissions.none().withState(true), StateLimits.defaults());

        assertThat(run("get greeting", "set greeting héllo", "get greeting"))
                .containsExactly("get -1", "set 0", "get 6 héllo");
        assertThat(run("inc n 5", "inc n -7", "get n"))
                .containsExactly("inc 0 5", "inc 0 -2", "get 2 -2");
        assertThat(run("inc greeting 1")).containsExactly("inc -4 0");
        assertThat(run("del greeting", "del greeting", "get greeting"))
                .containsExactly("del 0", "del 0", "get -1");
        assertThat(store.get(name, "n"))
                .map(b -> new String(b, StandardCharsets.US_ASCII))
                .hasValue("-2");
    }

    @Test
    void withoutTheGrantEveryCallAnswersMinusTwo() {
        String name = load(Permissions.none(), StateLimits.defaults());

        assertThat(run("set k v", "get k", "inc k 1", "del k"))
                .containsExactly("set -2", "get -2", "inc -2 0", "del -2");
        assertThat(store.usage(name).keys()).isZero();
        engine.sluice().grant(name, Permissions.none().withState(true));
        assertThat(run("set k v")).containsExactly("set 0");
    }

    @Test
    void limitsAnswerMinusThreeAndKeepWhatFit() {
        String name = load(Permissions.none().withState(true), new StateLimits(8, 4, 2, 1024));

        assertThat(run("set a 1", "set b 2", "set c 3", "inc d 1"))
                .containsExactly("set 0", "set 0", "set -3", "inc -3 0");
        assertThat(run("set a 12345", "set waytoolongkey 1", "get waytoolongkey"))
                .containsExactly("set -3", "set -3", "get -3");
        assertThat(store.usage(name).keys()).isEqualTo(2);
        assertThat(run("get a")).containsExactly("get 1 1");
    }

    @Test
    void inspectNamesStateForAModuleImportingKv() {
        assertThat(Sluice.inspect(KV).services()).containsExactly("state");
        assertThat(Sluice.inspect(Fixtures.example("ourchat/greeter.wasm")).services())
                .containsExactly("events");
    }
}
