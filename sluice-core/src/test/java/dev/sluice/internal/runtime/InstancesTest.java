package dev.sluice.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.GuestInstance;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.loader.PluginInspector;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InstancesTest {

    private final LogCapture hooks = LogCapture.of("sluice.plugin");
    private final Counters counters = new Counters();

    @AfterEach
    void tearDown() {
        hooks.close();
    }

    /** Guest instances closed so far, by the bindings {@link #closing} wraps. */
    private final List<GuestInstance> closed = new CopyOnWriteArrayList<>();

    private Instances instances(String fixture, PluginSettings settings, MemoryBudget budget) {
        return instances(fixture, settings, budget, b -> b);
    }

    private Instances instances(
            String fixture,
            PluginSettings settings,
            MemoryBudget budget,
            UnaryOperator<ContractBinding> binding) {
        var inspected = PluginInspector.load(Fixtures.testdata(fixture));
        var name = inspected.descriptor().name();
        return new Instances(
                name,
                binding.apply(inspected.binding()),
                PluginCode.prepare(inspected, settings, null),
                new PluginContext(name, Map.of(), event -> {}),
                settings,
                budget,
                new PortRegistry(Map.of()),
                counters);
    }

    private static PluginSettings pool(int maxInstances) {
        return PluginSettings.builder()
                .withMaxInstances(maxInstances)
                .withMaxQueueTime(Duration.ofMillis(20))
                .build();
    }

    /** The binding, with every guest instance it makes noting in {@link #closed} when closed. */
    private ContractBinding closing(ContractBinding real) {
        return proxy(
                ContractBinding.class,
                real,
                (method, made) ->
                        method.getName().equals("instantiate")
                                ? noting((GuestInstance) made)
                                : made);
    }

    private GuestInstance noting(GuestInstance real) {
        return proxy(
                GuestInstance.class,
                real,
                (method, result) -> {
                    if (method.getName().equals("close")) {
                        closed.add(real);
                    }
                    return result;
                });
    }

    /** {@code real} behind its interface, each call's result passed through {@code after}. */
    private static <T> T proxy(Class<T> type, T real, BiFunction<Method, Object, Object> after) {
        InvocationHandler handler =
                (self, method, args) -> {
                    try {
                        return after.apply(method, method.invoke(real, args));
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                };
        return type.cast(
                Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private long count(String hook) {
        return hooks.messages().stream().filter(l -> l.endsWith(": " + hook)).count();
    }

    @Test
    void anInstanceIsReusedAndNoMoreThanMaxInstancesExist() {
        var instances = instances("ourchat-hooks.wasm", pool(1), new MemoryBudget(1L << 30));
        instances.start();

        var first = instances.acquire();
        assertThatThrownBy(instances::acquire)
                .isInstanceOf(Overloaded.class)
                .hasMessageContaining("all 1 instances were busy")
                .hasMessageContaining("plugin.max_instances");
        instances.release(first, true);

        assertThat(instances.acquire()).as("the pooled instance, not a new one").isSameAs(first);
        assertThat(count("load")).isEqualTo(1);
    }

    @Test
    void anInstanceBeyondTheMemoryBudgetIsNotMade() {
        // ourchat-hooks has one page and no maximum: it reserves the 64 MiB cap.
        var budget = new MemoryBudget(64L << 20);
        var instances = instances("ourchat-hooks.wasm", pool(2), budget);
        instances.start();
        var first = instances.acquire();

        assertThatThrownBy(instances::acquire)
                .isInstanceOf(Overloaded.class)
                .hasMessageContaining("no room in the plugin memory budget of 64 MiB")
                .hasMessageContaining("plugin.max_total_memory");
        assertThat(budget.reserved()).isEqualTo(64L << 20);

        instances.release(first, false);
        assertThat(budget.reserved()).as("a dropped instance gives its memory back").isZero();
        assertThat(instances.acquire()).isNotNull();
    }

    @Test
    void anInstanceBusyDuringTransitionsCatchesUpAndGetsItsUnloadHook() {
        var instances = instances("ourchat-hooks.wasm", pool(2), new MemoryBudget(1L << 30));
        instances.start();
        instances.setEnabled(true);
        var busy = instances.acquire();
        var second = instances.acquire();
        instances.release(second, true);

        // While `busy` is out, the plugin is disabled and unloaded.
        instances.setEnabled(false);
        instances.unload();
        assertThat(count("unload")).as("only the idle instance so far").isEqualTo(1);

        instances.release(busy, true);

        assertThat(count("load")).isEqualTo(2);
        assertThat(count("enable")).isEqualTo(2);
        assertThat(count("disable")).isEqualTo(2);
        assertThat(count("unload")).isEqualTo(2);
        assertThat(instances.acquire()).as("nothing is lent after unload").isNull();
    }

    @Test
    void warmingMakesTheInstancesAVersionHadUpToTheCapAndTheBudget() {
        var instances = instances("ourchat-hooks.wasm", pool(3), new MemoryBudget(1L << 30));
        instances.start();

        instances.warm(5);

        assertThat(instances.alive()).as("capped at max_instances").isEqualTo(3);
        assertThat(count("load")).isEqualTo(3);
        var lent = new java.util.ArrayList<Instances.Instance>();
        for (int i = 0; i < 3; i++) {
            lent.add(instances.acquire());
        }
        assertThat(count("load")).as("calls take the warmed instances").isEqualTo(3);
        lent.forEach(i -> instances.release(i, true));

        // 64 MiB each (one page, no maximum): room for two, so warming stops there, saying why.
        try (var log = LogCapture.of("dev.sluice.plugins", Level.INFO)) {
            var tight = instances("ourchat-hooks.wasm", pool(3), new MemoryBudget(128L << 20));
            tight.start();
            tight.warm(3);
            assertThat(tight.alive()).isEqualTo(2);
            assertThat(log.messages())
                    .anySatisfy(
                            l ->
                                    assertThat(l)
                                            .contains("2 of 3 instances made before the swap")
                                            .contains("no room in the plugin memory budget"));
        }
    }

    @Test
    void anInstanceWhoseCallFailedIsDroppedWithoutHooks() {
        var instances = instances("ourchat-hooks.wasm", pool(2), new MemoryBudget(1L << 30));
        instances.start();
        var broken = instances.acquire();

        instances.release(broken, false);
        instances.unload();

        assertThat(count("load")).isEqualTo(1);
        assertThat(count("unload")).isZero();
    }

    @Test
    void everyDroppedInstanceIsClosedOnceAndNoLiveOneIs() {
        var instances =
                instances("ourchat-hooks.wasm", pool(3), new MemoryBudget(1L << 30), this::closing);
        instances.start();
        var broken = instances.acquire();
        var healthy = instances.acquire();

        instances.release(broken, false);
        assertThat(closed).as("the instance whose call failed").hasSize(1);
        instances.release(healthy, true);
        assertThat(closed).as("a pooled instance stays open").hasSize(1);

        instances.unload();
        assertThat(closed)
                .as("unloading closes the pooled ones")
                .hasSize(2)
                .doesNotHaveDuplicates();
        assertThat(instances.alive()).isZero();
    }
}
