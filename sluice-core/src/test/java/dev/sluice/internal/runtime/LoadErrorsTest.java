package dev.sluice.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.PluginLoadException;
import dev.sluice.event.EventLimits;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.contract.GuestInstance;
import dev.sluice.internal.contract.Lifecycle;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.loader.InspectedPlugin;
import dev.sluice.internal.loader.PluginInspector;
import dev.sluice.internal.services.events.EventBus;
import dev.sluice.plugin.HttpClientLimits;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginState;
import dev.sluice.record.Partitioner;
import dev.sluice.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An Error while a plugin is brought up (here an assert failing while its instance is made, as
 * Chicory's own asserts do under -ea) is that plugin's load failure on every path that brings
 * plugins up — load, install and the retry — and gives back what it had reserved.
 */
class LoadErrorsTest {

    private final MemoryBudget budget = new MemoryBudget(1L << 30);

    private static ContractBinding failingToInstantiate(ContractBinding real) {
        return new ContractBinding() {
            @Override
            public GuestInstance instantiate(GuestCode code, PluginContext context) {
                throw new AssertionError("an assert inside the runtime");
            }

            @Override
            public int maxBatch() {
                return real.maxBatch();
            }

            @Override
            public boolean hasBeforeStore() {
                return real.hasBeforeStore();
            }

            @Override
            public boolean hasAfterStore() {
                return real.hasAfterStore();
            }

            @Override
            public boolean hasLifecycleHook(Lifecycle transition) {
                return real.hasLifecycleHook(transition);
            }

            @Override
            public String loadHook() {
                return real.loadHook();
            }

            @Override
            public String beforeStoreHook() {
                return real.beforeStoreHook();
            }

            @Override
            public String afterStoreHook() {
                return real.afterStoreHook();
            }
        };
    }

    @Test
    void anErrorWhileBringingUpIsALoadFailureOnEveryPath() {
        var file = Fixtures.testdata("blink-echo.wasm");
        var real = PluginInspector.load(file);
        var inspected =
                new InspectedPlugin(
                        real.descriptor(),
                        real.module(),
                        real.view(),
                        real.component(),
                        failingToInstantiate(real.binding()));
        var source =
                new LoadedPlugin.Source(
                        "blink-echo",
                        file,
                        () -> inspected,
                        event -> {},
                        new PortRegistry(Map.of()),
                        null,
                        budget,
                        Partitioner.SAME_AS_INPUT,
                        new dev.sluice.state.InMemoryStateStore(),
                        new EventBus(EventLimits.defaults()),
                        HttpClientLimits.defaults(),
                        dev.sluice.plugin.PluginActivityListener.NONE);

        assertThatThrownBy(() -> LoadedPlugin.load(inspected, source, PluginSettings.defaults()))
                .isExactlyInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith("plugin blink-echo.wasm: could not be processed: loading")
                .hasMessageContaining("AssertionError: an assert inside the runtime");
        assertThat(budget.reserved()).as("the failed instance's reservation").isZero();

        var installed = LoadedPlugin.install(source, PluginSettings.defaults());
        assertThat(installed.state()).isEqualTo(PluginState.FAILED);
        assertThat(installed.status().failureReason())
                .hasValueSatisfying(r -> assertThat(r).contains("AssertionError"));
        assertThat(budget.reserved()).isZero();
    }
}
