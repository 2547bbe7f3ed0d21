package dev.sluice.internal.contract.sluice;

import static dev.sluice.component.types.ValType.Primitive.BOOL;
import static dev.sluice.component.types.ValType.Primitive.F64;
import static dev.sluice.component.types.ValType.Primitive.S64;
import static dev.sluice.component.types.ValType.Primitive.STRING;
import static dev.sluice.component.types.ValType.Primitive.U16;
import static dev.sluice.component.types.ValType.Primitive.U32;
import static dev.sluice.component.types.ValType.Primitive.U64;
import static dev.sluice.component.types.ValType.Primitive.U8;

import dev.sluice.component.Component;
import dev.sluice.component.model.ExternType;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ValType;
import dev.sluice.internal.contract.ComponentItems;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.PluginContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code sluice:plugin@0.1.0} world as {@code wit/sluice-plugin.wit} defines it: the types of
 * the functions a plugin must export and of those it may import, and the check of a component
 * against them, which names every problem at once.
 */
public final class SluiceWorld {

    static final String PLUGIN = "sluice:plugin/plugin@0.1.0";
    static final String HOST = "sluice:plugin/host@0.1.0";
    static final String METRICS = "sluice:plugin/metrics@0.1.0";
    static final String STATE = "sluice:plugin/state@0.1.0";
    static final String EVENTS = "sluice:plugin/events@0.1.0";
    static final String HTTP = "sluice:plugin/http@0.1.0";

    static final String INIT = PLUGIN + "#init";
    static final String ON_RECORDS = PLUGIN + "#on-records";
    static final String ON_STORED = PLUGIN + "#on-stored";
    static final String ON_EVENT = PLUGIN + "#on-event";

    private static final ValType BYTES = new ValType.ListOf(U8);
    static final ValType HEADER = record("key", STRING, "value", BYTES);
    static final ValType RECORD =
            record(
                    "topic",
                    STRING,
                    "partition",
                    U32,
                    "key",
                    new ValType.OptionOf(BYTES),
                    "value",
                    BYTES,
                    "headers",
                    new ValType.ListOf(HEADER),
                    "timestamp",
                    S64);
    static final ValType OUTPUT =
            record(
                    "topic",
                    new ValType.OptionOf(STRING),
                    "partition",
                    new ValType.OptionOf(U32),
                    "key",
                    new ValType.OptionOf(BYTES),
                    "value",
                    BYTES,
                    "headers",
                    new ValType.ListOf(HEADER),
                    "timestamp",
                    new ValType.OptionOf(S64));
    static final ValType VERDICT =
            new ValType.VariantOf(
                    List.of(
                            new ValType.Case("accept", null),
                            new ValType.Case("reject", STRING),
                            new ValType.Case("replace", new ValType.ListOf(OUTPUT))));
    static final ValType REGISTRATION =
            record("wants-stored", BOOL, "subscriptions", new ValType.ListOf(STRING));

    /** What the plugin interface must export, with the WIT that says so. */
    private static final Map<String, Signature> EXPORTS = new LinkedHashMap<>();

    /** What the host provides to a plugin's imports, per interface. */
    private static final Map<String, Map<String, Signature>> IMPORTS = new LinkedHashMap<>();

    private record Signature(List<ValType> params, ValType result, String wit) {
        boolean matches(FuncType type) {
            return type.paramTypes().equals(params)
                    && java.util.Objects.equals(type.result(), result);
        }
    }

    static {
        EXPORTS.put(
                "init",
                new Signature(
                        List.of(),
                        new ValType.ResultOf(REGISTRATION, STRING),
                        "func() -> result<registration, string>"));
        EXPORTS.put(
                "on-records",
                new Signature(
                        List.of(new ValType.ListOf(RECORD)),
                        new ValType.ListOf(VERDICT),
                        "func(records: list<record>) -> list<verdict>"));
        EXPORTS.put(
                "on-stored",
                new Signature(
                        List.of(new ValType.ListOf(new ValType.TupleOf(List.of(RECORD, U64)))),
                        null,
                        "func(records: list<tuple<record, u64>>)"));
        EXPORTS.put(
                "on-event",
                new Signature(
                        List.of(STRING, BYTES), null, "func(channel: string, payload: list<u8>)"));

        var level = new ValType.EnumOf(List.of("trace", "debug", "info", "warn", "error"));
        IMPORTS.put(
                HOST,
                Map.of(
                        "log",
                        new Signature(
                                List.of(level, STRING),
                                null,
                                "func(level: level, message: string)"),
                        "config",
                        new Signature(
                                List.of(STRING),
                                new ValType.OptionOf(STRING),
                                "func(key: string) -> option<string>")));
        IMPORTS.put(
                METRICS,
                Map.of(
                        "counter-add",
                        new Signature(List.of(STRING, U64), null, "func(name: string, delta: u64)"),
                        "gauge-set",
                        new Signature(List.of(STRING, F64), null, "func(name: string, value: f64)"),
                        "histogram-record",
                        new Signature(
                                List.of(STRING, F64), null, "func(name: string, value: f64)")));
        var unit = new ValType.ResultOf(null, STRING);
        IMPORTS.put(
                STATE,
                Map.of(
                        "get",
                        new Signature(
                                List.of(STRING),
                                new ValType.ResultOf(new ValType.OptionOf(BYTES), STRING),
                                "func(key: string) -> result<option<list<u8>>, string>"),
                        "set",
                        new Signature(
                                List.of(STRING, BYTES),
                                unit,
                                "func(key: string, value: list<u8>) -> result<_, string>"),
                        "delete",
                        new Signature(
                                List.of(STRING), unit, "func(key: string) -> result<_, string>"),
                        "increment",
                        new Signature(
                                List.of(STRING, S64),
                                new ValType.ResultOf(S64, STRING),
                                "func(key: string, delta: s64) -> result<s64, string>")));
        IMPORTS.put(
                EVENTS,
                Map.of(
                        "publish",
                        new Signature(
                                List.of(STRING, BYTES),
                                unit,
                                "func(channel: string, payload: list<u8>) -> result<_, string>")));
        var pairs = new ValType.ListOf(new ValType.TupleOf(List.of(STRING, STRING)));
        var request = record("method", STRING, "url", STRING, "headers", pairs, "body", BYTES);
        var response = record("status", U16, "headers", pairs, "body", BYTES);
        IMPORTS.put(
                HTTP,
                Map.of(
                        "send",
                        new Signature(
                                List.of(request),
                                new ValType.ResultOf(response, STRING),
                                "func(request: request) -> result<response, string>")));
    }

    private SluiceWorld() {}

    /** Whether a component exports the world's plugin interface (at a compatible version). */
    public static boolean claims(Component component) {
        return ComponentItems.find(component.type().exports(), PLUGIN).isPresent();
    }

    /**
     * Checks a component against the world: every export of the plugin interface with its type,
     * every import of the world's interfaces with its type, and every other import against what the
     * host provides. Returns the binding, or adds to {@code problems} everything that is wrong.
     */
    public static Optional<ContractBinding> check(Component component, List<String> problems) {
        var type = component.type();
        var plugin = ComponentItems.find(type.exports(), PLUGIN);
        if (plugin.isEmpty()) {
            problems.add("component exports no " + PLUGIN + " interface");
        } else if (plugin.get() instanceof ExternType.Instance instance) {
            EXPORTS.forEach(
                    (name, signature) -> {
                        var f = instance.type().exports().get(name);
                        if (!(f instanceof ExternType.Func func)) {
                            problems.add(
                                    PLUGIN + " does not export " + name + ": " + signature.wit());
                        } else if (!signature.matches(func.type())) {
                            problems.add(PLUGIN + "#" + name + " must be " + signature.wit());
                        }
                    });
        } else {
            problems.add(PLUGIN + " is exported, but not as an interface");
        }
        IMPORTS.forEach(
                (iface, functions) -> checkImports(type.imports(), iface, functions, problems));
        if (problems.isEmpty()) {
            problems.addAll(missingImports(component));
        }
        return problems.isEmpty() ? Optional.of(new SluiceBinding()) : Optional.empty();
    }

    /** The functions a component imports from one of the world's interfaces, by type. */
    private static void checkImports(
            Map<String, ExternType> imports,
            String iface,
            Map<String, Signature> functions,
            List<String> problems) {
        if (!(ComponentItems.find(imports, iface).orElse(null)
                instanceof ExternType.Instance imported)) {
            return;
        }
        for (var item : imported.type().exports().entrySet()) {
            var expected = functions.get(item.getKey());
            if (expected != null
                    && item.getValue() instanceof ExternType.Func f
                    && !expected.matches(f.type())) {
                problems.add(
                        "imports "
                                + iface
                                + "#"
                                + item.getKey()
                                + " with another type than "
                                + expected.wit());
            }
        }
    }

    private static List<String> missingImports(Component component) {
        var context = new PluginContext("check", Map.of(), event -> {});
        return SluiceHost.linker(
                        context,
                        new dev.sluice.internal.contract.PluginLog("check"),
                        new dev.sluice.internal.contract.PendingEvents(context))
                .unsatisfiedImports(component)
                .stream()
                .map(name -> "imports " + name + ", which the host does not provide")
                .toList();
    }

    private static ValType record(Object... namesAndTypes) {
        var fields = new ArrayList<ValType.Field>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.add(
                    new ValType.Field((String) namesAndTypes[i], (ValType) namesAndTypes[i + 1]));
        }
        return new ValType.RecordOf(fields);
    }
}
