package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.testing.EngineHarness;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which engine runs a plugin, and the log line that says why. sluice-core's tests run without the
 * optional sluice-graalwasm module, as a JDK 17 embedder does; its own tests cover the other side.
 */
class EngineChoiceTest {

    private final EngineHarness engine = new EngineHarness();
    private final LogCapture engineLog = LogCapture.of("dev.sluice.plugins", Level.INFO);

    @AfterEach
    void tearDown() {
        engine.close();
        engineLog.close();
    }

    @Test
    void autoIsTheDefaultAndCompilesAPluginWhoseFunctionsAllFitWithChicory() {
        assertThat(PluginSettings.defaults().engine()).isEqualTo(ExecutionEngine.AUTO);
        engine.loadEnabled(
                Fixtures.example("blink/content-filter.wasm"), PluginSettings.defaults());
        assertThat(engineLog.messages(Level.INFO, "plugins"))
                .anySatisfy(
                        m ->
                                assertThat(m)
                                        .contains(
                                                "plugin content-filter: runs on chicory-compiler",
                                                "every function fits a JVM method"));
    }

    @Test
    void askingForGraalWasmWithoutItsModuleFailsTheLoadSayingWhatIsMissing() {
        var settings = PluginSettings.builder().withEngine(ExecutionEngine.GRAALWASM).build();
        assertThatThrownBy(
                        () ->
                                engine.loadEnabled(
                                        Fixtures.example("blink/content-filter.wasm"), settings))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining(
                        "engine graalwasm needs JDK 21+ and the sluice-graalwasm module");
    }

    @Test
    void settingsNameTheEnginesAsBeforeAndAsNow() {
        assertThat(ExecutionEngine.parse("compiler")).isEqualTo(ExecutionEngine.COMPILER);
        assertThat(ExecutionEngine.parse("Chicory")).isEqualTo(ExecutionEngine.COMPILER);
        assertThat(ExecutionEngine.parse("interpreter")).isEqualTo(ExecutionEngine.INTERPRETER);
        assertThat(ExecutionEngine.parse("graalwasm")).isEqualTo(ExecutionEngine.GRAALWASM);
        assertThat(ExecutionEngine.parse(" auto ")).isEqualTo(ExecutionEngine.AUTO);
        assertThatThrownBy(() -> ExecutionEngine.parse("v8"))
                .hasMessageContaining("auto, chicory, graalwasm, interpreter");
    }
}
