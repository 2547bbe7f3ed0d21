package dev.sluice.internal.contract.blink;

import dev.sluice.component.Component;
import dev.sluice.component.Linker;
import dev.sluice.component.model.ExternType;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ValType;
import dev.sluice.internal.contract.ComponentItems;
import dev.sluice.internal.contract.ComponentWasi;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.PluginLog;
import java.util.List;
import java.util.Optional;

/**
 * The Blink contract for components: what the world must export, and what the host links to its
 * imports (the {@code log} function and WASI 0.2, with stdout and stderr going to the plugin's
 * log).
 */
public final class BlinkComponents {

    static final String PLUGIN_INTERFACE = "blink:plugin/plugin@0.1.0";
    static final String HOST_INTERFACE = "blink:plugin/host@0.1.0";

    private static final ValType LOG_LEVEL =
            new ValType.EnumOf(List.of("trace", "debug", "info", "warn", "error"));
    private static final FuncType INIT =
            new FuncType(List.of(), new ValType.OptionOf(ValType.Primitive.U16));
    private static final List<ValType> ON_RECORD_PARAMS =
            List.of(
                    ValType.Primitive.STRING,
                    ValType.Primitive.U32,
                    new ValType.OptionOf(ValType.Primitive.STRING),
                    ValType.Primitive.STRING);
    private static final List<ValType> LOG_PARAMS = List.of(LOG_LEVEL, ValType.Primitive.STRING);

    private BlinkComponents() {}

    /** The host side of one instance: {@code log} and WASI, writing to {@code log}. */
    static Linker linker(PluginLog log) {
        var linker = new Linker();
        linker.function(
                HOST_INTERFACE,
                "log",
                args -> {
                    BlinkComponentInstance.log(log, args[0], args[1]);
                    return null;
                });
        ComponentWasi.define(linker, log);
        return linker;
    }

    /** Whether a component exports the Blink plugin interface (at a compatible version). */
    public static boolean claims(Component component) {
        return ComponentItems.find(component.type().exports(), PLUGIN_INTERFACE).isPresent();
    }

    /**
     * Checks a component against the Blink world and the host's imports; returns the binding, or
     * adds to {@code problems} everything that is wrong.
     */
    public static Optional<ContractBinding> check(Component component, List<String> problems) {
        var type = component.type();
        var plugin = ComponentItems.find(type.exports(), PLUGIN_INTERFACE);
        if (plugin.isEmpty()) {
            problems.add(
                    "component exports no "
                            + PLUGIN_INTERFACE
                            + " interface (it exports: "
                            + String.join(", ", type.exports().keySet())
                            + ")");
        } else if (plugin.get() instanceof ExternType.Instance instance) {
            checkFunction(
                    instance,
                    "init",
                    problems,
                    f -> f.paramTypes().isEmpty() && INIT.result().equals(f.result()),
                    "func() -> option<u16>");
            checkFunction(
                    instance,
                    "on-record",
                    problems,
                    f ->
                            f.paramTypes().equals(ON_RECORD_PARAMS)
                                    && ValType.Primitive.BOOL.equals(f.result()),
                    "func(topic: string, partition: u32, key: option<string>, value: string) -> bool");
        } else {
            problems.add(PLUGIN_INTERFACE + " is exported, but not as an interface");
        }
        var host = ComponentItems.find(type.imports(), HOST_INTERFACE);
        if (host.isPresent() && host.get() instanceof ExternType.Instance instance) {
            var log = instance.type().exports().get("log");
            if (log != null
                    && !(log instanceof ExternType.Func f
                            && f.type().paramTypes().equals(LOG_PARAMS)
                            && f.type().result() == null)) {
                problems.add(
                        "imports "
                                + HOST_INTERFACE
                                + "#log with another type than func(level: log-level, message:"
                                + " string)");
            }
        }
        problems.addAll(missingImports(component));
        return problems.isEmpty() ? Optional.of(new BlinkBinding()) : Optional.empty();
    }

    /** Every import of the component that the host does not provide, by name. */
    private static List<String> missingImports(Component component) {
        return linker(new PluginLog("check")).unsatisfiedImports(component).stream()
                .map(name -> "imports " + name + ", which the host does not provide")
                .toList();
    }

    private static void checkFunction(
            ExternType.Instance instance,
            String name,
            List<String> problems,
            java.util.function.Predicate<FuncType> ok,
            String expected) {
        var f = instance.type().exports().get(name);
        if (!(f instanceof ExternType.Func func)) {
            problems.add(PLUGIN_INTERFACE + " does not export " + name + ": " + expected);
        } else if (!ok.test(func.type())) {
            problems.add(PLUGIN_INTERFACE + "#" + name + " must be " + expected);
        }
    }
}
