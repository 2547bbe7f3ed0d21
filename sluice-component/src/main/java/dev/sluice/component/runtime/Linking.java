package dev.sluice.component.runtime;

import dev.sluice.component.ComponentFunction;
import dev.sluice.component.ComponentInstance;
import dev.sluice.component.ComponentLinkException;
import dev.sluice.component.CoreCode;
import dev.sluice.component.Linker;
import dev.sluice.component.model.ComponentModel;
import dev.sluice.component.model.ExternType;
import dev.sluice.component.model.InstanceType;
import dev.sluice.component.types.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Satisfies a component's imports from a {@link Linker} and instantiates it. Public for {@link
 * dev.sluice.component.Linker}; not an API of its own.
 */
public final class Linking {

    private Linking() {}

    public static ComponentInstance instantiate(
            ComponentModel model, Linker linker, CoreCode core, String name) {
        var missing = unsatisfied(model, linker);
        if (!missing.isEmpty()) {
            throw new ComponentLinkException(
                    name
                            + " imports "
                            + String.join(", ", missing)
                            + ", which the host does not provide");
        }
        var state = new ComponentState(name);
        var imports = new LinkedHashMap<String, Object>();
        // An interface may re-export a resource another one declares (wasi:io/streams exports
        // wasi:io/error's error): only the declaring interface must provide it.
        var supplied = Collections.newSetFromMap(new IdentityHashMap<ResourceType, Boolean>());
        for (var imp : model.imports()) {
            imports.put(imp.name(), supply(imp.name(), imp.type(), linker, state, supplied));
        }
        try {
            return new Instantiated(new Instantiator(model, imports, core, state).run(), state);
        } catch (RuntimeException | Error e) {
            state.closeCores(); // a start function trapped, a core module failed to link…
            throw e;
        }
    }

    /**
     * Every import of {@code model} that {@code linker} cannot satisfy: an interface it defines
     * nothing in ({@code wasi:keyvalue/store@0.2.0}), or a function or resource of one it does
     * ({@code wasi:cli/environment@0.2.3#get-arguments}). Interfaces that only declare value types
     * need nothing.
     */
    public static List<String> unsatisfied(ComponentModel model, Linker linker) {
        var missing = new ArrayList<String>();
        var supplied = Collections.newSetFromMap(new IdentityHashMap<ResourceType, Boolean>());
        for (var imp : model.imports()) {
            String name = imp.name();
            if (imp.type() instanceof ExternType.Func f) {
                if (linker.findFunction("", name, f.type()).isEmpty()) {
                    missing.add(name);
                }
                continue;
            }
            if (!(imp.type() instanceof ExternType.Instance instance)) {
                missing.add(name + " (a " + kind(imp.type()) + ")");
                continue;
            }
            if (!linker.providesInterface(name)) {
                // An interface that only declares value types (records, enums…) has nothing to
                // implement; tools import such interfaces for the types other imports use.
                if (!typesOnly(instance.type())) {
                    missing.add(name);
                }
                continue;
            }
            for (var e : instance.type().exports().entrySet()) {
                String item = name + "#" + e.getKey();
                if (e.getValue() instanceof ExternType.Func f) {
                    if (linker.findFunction(name, e.getKey(), f.type()).isEmpty()) {
                        missing.add(item);
                    }
                } else if (!(e.getValue() instanceof ExternType.Type t)) {
                    missing.add(item + " (a " + kind(e.getValue()) + ")");
                } else if (t.type() instanceof ResourceType resource
                        && supplied.add(resource)
                        && linker.findResource(name, e.getKey()).isEmpty()) {
                    missing.add(item);
                }
            }
        }
        return missing;
    }

    /** What the host gives for one import; {@link #unsatisfied} has checked that it has it. */
    private static Object supply(
            String name,
            ExternType type,
            Linker linker,
            ComponentState state,
            Set<ResourceType> supplied) {
        if (type instanceof ExternType.Func f) {
            return new HostFunction(
                    name, f.type(), linker.findFunction("", name, f.type()).orElseThrow());
        }
        var exports = new LinkedHashMap<String, Object>();
        for (var e : ((ExternType.Instance) type).type().exports().entrySet()) {
            String item = e.getKey();
            if (e.getValue() instanceof ExternType.Func f) {
                var impl = linker.findFunction(name, item, f.type()).orElseThrow();
                exports.put(item, new HostFunction(name + "#" + item, f.type(), impl));
                continue;
            }
            Object t = ((ExternType.Type) e.getValue()).type();
            // A resource re-exported by a later interface is the declaring interface's.
            if (t instanceof ResourceType resource && supplied.add(resource)) {
                var destructor = linker.findResource(name, item).orElseThrow().destructor();
                if (destructor != null) {
                    state.destructor(resource, destructor);
                }
            }
            exports.put(item, t);
        }
        return new RtInstance(name, exports);
    }

    private static boolean typesOnly(InstanceType type) {
        return type.exports().values().stream()
                .allMatch(
                        t ->
                                t instanceof ExternType.Type ty
                                        && !(ty.type() instanceof ResourceType));
    }

    private static String kind(ExternType t) {
        return t.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /** The top-level instance, with lookups by WIT path. */
    private record Instantiated(RtInstance root, ComponentState state)
            implements ComponentInstance {

        @Override
        public void close() {
            state.closeCores();
        }

        @Override
        public Set<String> exportNames() {
            return root.exports().keySet();
        }

        @Override
        public Optional<ComponentFunction> findFunction(String path) {
            int hash = path.indexOf('#');
            if (hash < 0) {
                return root.exports().get(path) instanceof RtFunc f
                        ? Optional.of(f)
                        : Optional.empty();
            }
            Object iface = export(root, path.substring(0, hash));
            if (iface instanceof RtInstance instance
                    && instance.exports().get(path.substring(hash + 1)) instanceof RtFunc f) {
                return Optional.of(f);
            }
            return Optional.empty();
        }

        private static Object export(RtInstance instance, String name) {
            Object exact = instance.exports().get(name);
            if (exact != null) {
                return exact;
            }
            String key = Linker.compatibilityKey(name);
            for (var e : instance.exports().entrySet()) {
                if (Linker.compatibilityKey(e.getKey()).equals(key)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }
}
