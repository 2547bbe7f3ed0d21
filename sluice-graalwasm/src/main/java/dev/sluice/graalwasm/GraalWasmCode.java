package dev.sluice.graalwasm;

import dev.sluice.component.engine.Code;
import dev.sluice.component.engine.ExternKind;
import dev.sluice.component.engine.HostFunction;
import dev.sluice.component.engine.Imports;
import dev.sluice.component.engine.Instance;
import dev.sluice.component.engine.Module;
import dev.sluice.component.engine.WasmLinkError;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * A module compiled for GraalWasm: its source (the bytes, memory capped) in the shared polyglot
 * engine, which parses it once and keeps what Truffle compiles of it for every context. Each
 * instance runs in a context of its own, unless it imports a memory, table or global of another
 * instance: then in that instance's context, the only way GraalWasm can share them.
 */
final class GraalWasmCode implements Code {

    private final Module module;
    private final Source source;
    private final Supplier<GraalWasmContext> contexts;
    private final boolean callStartExport;

    GraalWasmCode(
            Module module,
            Source source,
            Supplier<GraalWasmContext> contexts,
            boolean callStartExport) {
        this.module = module;
        this.source = source;
        this.contexts = contexts;
        this.callStartExport = callStartExport;
    }

    @Override
    public Module module() {
        return module;
    }

    @Override
    public Instance instantiate(Imports imports) {
        var functions = new HashMap<String, HostFunction>();
        for (var f : imports.functions()) {
            functions.putIfAbsent(f.module() + "\u0000" + f.name(), f);
        }
        var items = new HashMap<String, Object>();
        GraalWasmContext shared = null;
        for (var item : imports.items()) {
            GraalWasmContext owner;
            Object value;
            if (item.value() instanceof GraalWasmMemory m) {
                owner = m.context;
                value = m.memory;
            } else if (item.value() instanceof GraalWasmInstance.Item i) {
                owner = i.context();
                value = i.value();
            } else {
                throw new IllegalArgumentException(
                        item.module()
                                + "."
                                + item.name()
                                + " was made by another engine than GraalWasm: "
                                + item.value());
            }
            if (shared != null && shared != owner) {
                throw new WasmLinkError(
                        item.module()
                                + "."
                                + item.name()
                                + ": GraalWasm links items of one context only, and these come"
                                + " from two");
            }
            shared = owner;
            items.put(item.module() + "\u0000" + item.name(), value);
        }
        if (shared != null) {
            return link(shared, functions, items);
        }
        // A context of its own: freed at once if the instance cannot be made.
        var context = contexts.get();
        try {
            return link(context, functions, items);
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
    }

    private Instance link(
            GraalWasmContext context,
            Map<String, HostFunction> functions,
            Map<String, Object> items) {
        var instance = new GraalWasmInstance(module, context);
        var byModule = new HashMap<String, Map<String, Object>>();
        for (var imp : module.imports()) {
            String key = imp.module() + "\u0000" + imp.name();
            Object value;
            if (imp.kind() == ExternKind.FUNCTION) {
                var f = functions.get(key);
                if (f == null) {
                    throw new WasmLinkError(
                            "missing import: function "
                                    + imp.module()
                                    + "."
                                    + imp.name()
                                    + " "
                                    + imp.type());
                }
                if (!f.functionType().equals(imp.type())) {
                    throw new WasmLinkError(
                            "import "
                                    + imp.module()
                                    + "."
                                    + imp.name()
                                    + " is "
                                    + imp.type()
                                    + ", the host gives "
                                    + f.functionType());
                }
                Values.checkNumeric("import " + imp.module() + "." + imp.name(), imp.type());
                value = hostFunction(instance, f);
            } else {
                value = items.get(key);
                if (value == null) {
                    throw new WasmLinkError(
                            "missing import: "
                                    + imp.kind().name().toLowerCase(java.util.Locale.ROOT)
                                    + " "
                                    + imp.module()
                                    + "."
                                    + imp.name());
                }
                if (imp.kind() == ExternKind.MEMORY) {
                    instance.importedMemory = new GraalWasmMemory((Value) value, context);
                }
            }
            byModule.computeIfAbsent(imp.module(), m -> new HashMap<>()).put(imp.name(), value);
        }
        var importObject = new HashMap<String, Object>();
        byModule.forEach((name, members) -> importObject.put(name, ProxyObject.fromMap(members)));
        Value exports;
        var slot = Interrupts.slot();
        var previous = slot.enter(context);
        try {
            exports =
                    context.context
                            .eval(source)
                            .newInstance(ProxyObject.fromMap(importObject))
                            .getMember("exports");
        } catch (PolyglotException e) {
            if (e.isGuestException() && !e.isCancelled() && !e.isInterrupted()) {
                // A data or element segment out of range, an import GraalWasm refused.
                throw new WasmLinkError(e.getMessage(), e);
            }
            throw Errors.map(e);
        } finally {
            slot.leave(previous);
        }
        instance.attach(exports);
        if (callStartExport) {
            var start = instance.function("_start");
            if (start != null) {
                start.apply();
            }
        }
        return instance;
    }

    /** A host function as GraalWasm calls it: numbers in, numbers (or nothing) out. */
    private static ProxyExecutable hostFunction(GraalWasmInstance instance, HostFunction f) {
        var type = f.functionType();
        var params = type.params();
        var returns = type.returns();
        if (returns.size() > 1) {
            throw new WasmLinkError(
                    "host function "
                            + f.module()
                            + "."
                            + f.name()
                            + " returns "
                            + returns.size()
                            + " values; GraalWasm's host functions return at most one");
        }
        var handle = f.handle();
        return args -> {
            var values = new long[params.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Values.toHost(params.get(i), args[i]);
            }
            long[] results = handle.apply(instance, values);
            return returns.isEmpty() ? null : Values.toGuest(returns.get(0), results[0]);
        };
    }
}
