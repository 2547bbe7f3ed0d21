package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginStatus;
import dev.sluice.record.Bytes;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Sluice#replace}: a new version takes the old one's place at once, what the plugin kept
 * carries over, a version that cannot be loaded leaves the old one serving, the same bytes change
 * nothing, and records flowing during a swap are all decided by one version or the other.
 */
class HotReloadTest {

    private final EngineHarness engine = new EngineHarness();
    private final LogCapture pluginLog = engine.pluginLog();
    private final Sluice sluice = engine.sluice();

    @TempDir Path dir;

    @AfterEach
    void close() {
        engine.close();
    }

    /** The content filter rejects values with "password"; blink-echo rejects partition 13. */
    private static Record record(int partition, String value) {
        return Record.builder("t").partition(partition).key(Bytes.utf8("k")).value(value).build();
    }

    private String filter() {
        return engine.loadEnabled(
                Fixtures.example("blink/content-filter.wasm"), PluginSettings.defaults());
    }

    @Test
    void theNewVersionServesInTheSamePlaceAndKeepsTheCounts() {
        String name = filter();
        engine.loadEnabled(Fixtures.testdata("blink-accept-all.wasm"), PluginSettings.defaults());
        assertThat(sluice.process(record(0, "my password"))).isInstanceOf(Decision.Reject.class);
        long callsBefore = sluice.plugin(name).orElseThrow().calls();

        var replaced = sluice.replace(name, Fixtures.testdata("blink-echo.wasm"));

        assertThat(replaced.changed()).isTrue();
        assertThat(replaced.status().path()).isEqualTo(Fixtures.testdata("blink-echo.wasm"));
        assertThat(sluice.plugins())
                .extracting(PluginStatus::name)
                .containsExactly(name, "blink-accept-all");
        assertThat(sluice.plugin(name).orElseThrow().state())
                .isEqualTo(dev.sluice.plugin.PluginState.ENABLED);
        assertThat(sluice.process(record(0, "my password"))).isEqualTo(Decision.accept());
        assertThat(sluice.process(record(13, "fine")))
                .isInstanceOfSatisfying(
                        Decision.Reject.class, r -> assertThat(r.plugin()).isEqualTo(name));
        assertThat(sluice.plugin(name).orElseThrow().calls()).isEqualTo(callsBefore + 2);
    }

    @Test
    void aVersionThatCannotBeLoadedLeavesTheOldOneServingAndSaysWhy() throws Exception {
        String name = filter();
        Path garbage = Files.write(dir.resolve("garbage.wasm"), new byte[] {0, 'a', 's', 'm', 9});

        assertThatThrownBy(() -> sluice.replace(name, Fixtures.testdata("blink-bad-init.wasm")))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(
                        "plugin content-filter: the new version was not loaded and the running"
                                + " one keeps serving: ")
                .hasMessageContaining("init");
        assertThatThrownBy(() -> sluice.replace(name, garbage))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("keeps serving")
                .hasMessageContaining("garbage.wasm");
        assertThatThrownBy(() -> sluice.replace("nobody", garbage))
                .isInstanceOf(UnknownPluginException.class);

        assertThat(sluice.plugin(name).orElseThrow().path())
                .isEqualTo(Fixtures.example("blink/content-filter.wasm"));
        assertThat(sluice.process(record(0, "my password"))).isInstanceOf(Decision.Reject.class);
    }

    @Test
    void theSameBytesAndSettingsChangeNothing() throws Exception {
        String name = filter();
        Path copy =
                Files.copy(Fixtures.example("blink/content-filter.wasm"), dir.resolve("copy.wasm"));

        var replaced = sluice.replace(name, copy);

        assertThat(replaced.changed()).isFalse();
        assertThat(sluice.plugin(name).orElseThrow().path())
                .isEqualTo(Fixtures.example("blink/content-filter.wasm"));
    }

    @Test
    void replacingBackTakesTheValidationAndCodeAlreadyThereWhenEngineAndMemoryCapMatch() {
        try (var log = LogCapture.of("dev.sluice.plugins", Level.INFO)) {
            String name = filter();
            Path echo = Fixtures.testdata("blink-echo.wasm");
            Path contentFilter = Fixtures.example("blink/content-filter.wasm");

            sluice.replace(name, echo);
            sluice.replace(name, contentFilter); // the version it replaced: reused
            assertThat(sluice.process(record(0, "my password")))
                    .as("the reused code is the content filter's")
                    .isInstanceOf(Decision.Reject.class);
            var interpreted =
                    PluginSettings.builder()
                            .withEngine(dev.sluice.plugin.ExecutionEngine.INTERPRETER)
                            .build();
            sluice.replace(name, echo, interpreted); // another engine: compiled afresh
            assertThat(sluice.process(record(13, "fine"))).isInstanceOf(Decision.Reject.class);
            var slower =
                    PluginSettings.builder().withMaxExecutionTime(Duration.ofMillis(300)).build();
            sluice.replace(name, contentFilter, slower); // only a limit differs: reused

            assertThat(
                            log.messages(Level.INFO, "plugins").stream()
                                    .filter(l -> l.endsWith("that code is reused")))
                    .hasSize(2)
                    .allSatisfy(l -> assertThat(l).startsWith("plugin " + name + ": sha256 "));
            assertThat(
                            log.messages(Level.INFO, "plugins").stream()
                                    .filter(l -> l.endsWith("not validated again")))
                    .as("every replace after the first is back to bytes a version holds")
                    .hasSize(3);
            assertThat(sluice.process(record(0, "my password")))
                    .isInstanceOf(Decision.Reject.class);
        }
    }

    @Test
    void theOldInstancesGetTheirHooksAndWhatThePluginStoredCarriesOver() {
        String name =
                engine.loadEnabled(
                        Fixtures.example("ourchat/greeter.wasm"), PluginSettings.defaults());
        sluice.dispatch("user_created", "{\"name\": \"alice\", \"id\": 7}");
        assertThat(sluice.storedConfig(name)).containsEntry("last_user", "alice");
        String hooks =
                engine.loadEnabled(
                        Fixtures.testdata("ourchat-hooks.wasm"), PluginSettings.defaults());
        sluice.process(Record.builder("lobby").key(Bytes.utf8("u")).value("hello").build());

        // Same bytes, other settings: a reload.
        var slower = PluginSettings.builder().withMaxExecutionTime(Duration.ofMillis(300)).build();
        assertThat(sluice.replace(hooks, Fixtures.testdata("ourchat-hooks.wasm"), slower).changed())
                .isTrue();
        sluice.replace(name, Fixtures.example("ourchat/greeter.wasm"), slower);

        var lines = pluginLog.messages(Level.INFO, hooks);
        assertThat(lines.stream().filter(l -> l.endsWith("unload")).count())
                .as("the old instance's unload hook, in %s", lines)
                .isEqualTo(1);
        assertThat(lines.stream().filter(l -> l.endsWith("load") && !l.endsWith("unload")).count())
                .as("a load hook per version, in %s", lines)
                .isEqualTo(2);
        assertThat(sluice.plugin(hooks).orElseThrow().settings()).isEqualTo(slower);
        assertThat(sluice.storedConfig(name)).containsEntry("last_user", "alice");
    }

    @Test
    void recordsDuringSwapsAreDecidedByOneVersionOrTheOther() throws Exception {
        // A slow plugin first keeps passes in flight across each swap: a pass that took the chain
        // before a swap reaches the filter after the old version is gone.
        engine.loadEnabled(
                Fixtures.testdata("ourchat-hooks.wasm"),
                PluginSettings.builder().withMaxExecutionTime(Duration.ofSeconds(5)).build());
        String name = filter();
        var rejectedByBoth = record(13, "slow password");
        var stop = new AtomicBoolean();
        var wrong = new ConcurrentLinkedQueue<Decision>();
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 2; t++) {
            var thread =
                    new Thread(
                            () -> {
                                while (!stop.get()) {
                                    for (var d : sluice.process(List.of(rejectedByBoth))) {
                                        if (!(d instanceof Decision.Reject)
                                                && !(d instanceof Decision.Unavailable)) {
                                            wrong.add(d);
                                        }
                                    }
                                }
                            });
            thread.start();
            threads.add(thread);
        }
        try {
            for (int i = 0; i < 10; i++) {
                sluice.replace(
                        name,
                        i % 2 == 0
                                ? Fixtures.testdata("blink-echo.wasm")
                                : Fixtures.example("blink/content-filter.wasm"));
            }
        } finally {
            stop.set(true);
            for (var thread : threads) {
                thread.join();
            }
        }

        assertThat(wrong).as("no record got past a swap").isEmpty();
        assertThat(sluice.plugins()).hasSize(2);
    }

    @Test
    void reorderingIsAtomicAndNamesWhatIsWrong() {
        String first = filter();
        String second =
                engine.loadEnabled(Fixtures.testdata("blink-echo.wasm"), PluginSettings.defaults());

        sluice.reorder(List.of(second, first));
        assertThat(sluice.plugins()).extracting(PluginStatus::name).containsExactly(second, first);

        assertThatThrownBy(() -> sluice.reorder(List.of(second, "ghost")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown [ghost]")
                .hasMessageContaining("missing [" + first + "]");
        assertThat(sluice.plugins()).extracting(PluginStatus::name).containsExactly(second, first);
    }
}
