package dev.sluice.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Sluice;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginState;
import dev.sluice.record.Bytes;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plugin.watch: files that appear, change and go away in a watched folder are loaded, replaced and
 * unloaded; a broken file is reported and changes nothing; a file written in pieces is loaded once,
 * whole.
 */
class PluginWatcherTest {

    private static final Duration DEBOUNCE = Duration.ofMillis(300);

    @TempDir Path dir;

    private final LogCapture log = LogCapture.of(PluginWatcher.class.getName());
    private Sluice sluice;
    private PluginWatcher watcher;

    @BeforeEach
    void start() throws Exception {
        sluice = Sluice.builder().build();
        var settings = PluginSettings.builder().withMaxExecutionTime(Duration.ofSeconds(5)).build();
        watcher = new PluginWatcher(sluice, List.of(dir), List.of(), n -> settings, DEBOUNCE);
    }

    @AfterEach
    void stop() {
        watcher.close();
        sluice.close();
        log.close();
    }

    /** Polls: the watcher works on its own thread, after the debounce. */
    private static void eventually(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static Record password() {
        return Record.builder("t").key(Bytes.utf8("k")).value("my password").build();
    }

    /** Copies in a way the watcher sees as one new file: written beside, then moved in. */
    private void put(Path source, String name) throws Exception {
        Path temp = Files.copy(source, dir.resolve("." + name + ".partial"));
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void filesThatAppearChangeAndGoAwayAreLoadedReplacedAndUnloaded() throws Exception {
        put(Fixtures.example("blink/content-filter.wasm"), "guard.wasm");
        eventually(
                "guard is loaded and enabled",
                () ->
                        sluice.plugin("guard")
                                .filter(p -> p.state() == PluginState.ENABLED)
                                .isPresent());
        assertThat(sluice.process(password())).isInstanceOf(Decision.Reject.class);

        Files.copy(
                Fixtures.testdata("blink-accept-all.wasm"),
                dir.resolve("guard.wasm"),
                StandardCopyOption.REPLACE_EXISTING);
        eventually(
                "guard is replaced", () -> sluice.process(password()) instanceof Decision.Accept);
        assertThat(sluice.plugins()).hasSize(1);

        Files.delete(dir.resolve("guard.wasm"));
        eventually("guard is unloaded", () -> sluice.plugins().isEmpty());
    }

    @Test
    void aBrokenFileIsReportedAndTheRunningVersionKeepsServing() throws Exception {
        put(Fixtures.example("blink/content-filter.wasm"), "guard.wasm");
        eventually("guard is loaded", () -> sluice.plugin("guard").isPresent());

        Files.write(dir.resolve("guard.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 7});
        eventually(
                "the broken file is reported",
                () ->
                        log.messages().stream()
                                .anyMatch(
                                        m ->
                                                m.contains("guard.wasm changed but was not loaded")
                                                        && m.contains("keeps serving")));
        assertThat(sluice.process(password())).isInstanceOf(Decision.Reject.class);

        Files.write(dir.resolve("new.wasm"), new byte[] {1, 2, 3});
        eventually(
                "the broken new file is reported",
                () ->
                        log.messages().stream()
                                .anyMatch(m -> m.contains("new.wasm changed but was not loaded")));
        assertThat(sluice.plugin("new")).isEmpty();
    }

    @Test
    void aFileWrittenInPiecesIsLoadedOnceWhole() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.example("blink/content-filter.wasm"));
        Path file = dir.resolve("slow.wasm");
        int piece = bytes.length / 4;
        for (int i = 0; i < 4; i++) {
            int end = i == 3 ? bytes.length : (i + 1) * piece;
            Files.write(
                    file,
                    Arrays.copyOfRange(bytes, i * piece, end),
                    i == 0 ? new OpenOption[0] : new OpenOption[] {StandardOpenOption.APPEND});
            Thread.sleep(DEBOUNCE.toMillis() / 6); // a writer faster than the debounce
        }

        eventually("slow is loaded", () -> sluice.plugin("slow").isPresent());
        assertThat(log.messages()).noneMatch(m -> m.contains("was not loaded"));
    }
}
