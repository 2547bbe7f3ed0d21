package dev.sluice.component.runtime;

import dev.sluice.component.ComponentLinkException;
import dev.sluice.component.CoreCode;
import dev.sluice.component.abi.ResolvedCanonOptions;
import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.HostFunction;
import dev.sluice.component.engine.Imports;
import dev.sluice.component.engine.Instance;
import dev.sluice.component.engine.Memory;
import dev.sluice.component.engine.ValType;
import dev.sluice.component.engine.WasmFunction;
import dev.sluice.component.model.CanonOptionIndices;
import dev.sluice.component.model.ComponentDef;
import dev.sluice.component.model.ComponentModel;
import dev.sluice.component.model.CoreInstanceDef;
import dev.sluice.component.model.CoreItemDef;
import dev.sluice.component.model.CoreModuleDef;
import dev.sluice.component.model.FuncDef;
import dev.sluice.component.model.InstanceDef;
import dev.sluice.component.model.Sort;
import dev.sluice.component.model.SortIndex;
import dev.sluice.component.types.ResourceType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instantiates one component: walks its definitions, instantiating core modules with the imports it
 * wires to them, lifting and lowering functions, and instantiating nested components. Every
 * definition is made once, when first needed; core instances are then made in index order, so start
 * functions run in the order the binary gives.
 */
final class Instantiator {

    private static final FunctionType I32_TO_I32 =
            FunctionType.of(List.of(ValType.I32), List.of(ValType.I32));
    private static final FunctionType I32_TO_NONE =
            FunctionType.of(List.of(ValType.I32), List.of());

    private final ComponentModel model;
    private final Map<String, Object> imports;
    private final CoreCode core;
    private final ComponentState state;

    private final Object[] coreInstances;
    private final WasmFunction[] coreFuncs;
    private final Object[] coreTables;
    private final Object[] coreMemories;
    private final Object[] coreGlobals;
    private final RtFunc[] funcs;
    private final RtInstance[] instances;
    private final Map<Integer, Object> importedTypes = new HashMap<>();
    private final Map<Integer, Object> importedComponents = new HashMap<>();
    private final Map<Integer, Object> importedModules = new HashMap<>();

    Instantiator(
            ComponentModel model,
            Map<String, Object> imports,
            CoreCode core,
            ComponentState state) {
        this.model = model;
        this.imports = imports;
        this.core = core;
        this.state = state;
        this.coreInstances = new Object[model.coreInstances().size()];
        this.coreFuncs = new WasmFunction[model.coreFuncs().size()];
        this.coreTables = new Object[model.coreTables().size()];
        this.coreMemories = new Object[model.coreMemories().size()];
        this.coreGlobals = new Object[model.coreGlobals().size()];
        this.funcs = new RtFunc[model.funcs().size()];
        this.instances = new RtInstance[model.instances().size()];
    }

    RtInstance run() {
        for (var imp : model.imports()) {
            Object value = imports.get(imp.name());
            if (value == null) {
                throw new ComponentLinkException(
                        state.name + " imports " + imp.name() + ", which is not supplied");
            }
            var at = imp.created();
            switch (at.sort()) {
                case TYPE -> importedTypes.put(at.index(), value);
                case COMPONENT -> importedComponents.put(at.index(), value);
                case CORE_MODULE -> importedModules.put(at.index(), value);
                default -> {}
            }
        }
        for (var resource : model.resources().entrySet()) {
            state.table.define(resource.getKey());
            int dtor = resource.getValue();
            if (dtor >= 0) {
                state.destructor(
                        resource.getKey(), rep -> coreFunc(dtor).apply(new long[] {(Integer) rep}));
            }
        }
        // Definitions come to life in order; a start function runs once what was defined before
        // it exists (what it calls is made on demand either way).
        int coreMade = 0;
        int made = 0;
        for (var start : model.starts()) {
            for (; coreMade < start.coreInstancesBefore(); coreMade++) {
                coreInstance(coreMade);
            }
            for (; made < start.instancesBefore(); made++) {
                instance(made);
            }
            func(start.func()).call();
        }
        for (; coreMade < coreInstances.length; coreMade++) {
            coreInstance(coreMade);
        }
        for (; made < instances.length; made++) {
            instance(made);
        }
        var exports = new LinkedHashMap<String, Object>();
        for (var export : model.exports()) {
            exports.put(export.name(), resolve(export.item()));
        }
        return new RtInstance(state.name, exports);
    }

    /** What {@code item} refers to at run time. */
    private Object resolve(SortIndex item) {
        int i = item.index();
        return switch (item.sort()) {
            case FUNC -> func(i);
            case INSTANCE -> instance(i);
            case TYPE -> importedTypes.getOrDefault(i, model.types().get(i));
            case COMPONENT -> component(i);
            case CORE_MODULE -> coreModule(i);
            case CORE_FUNC -> coreFunc(i);
            case CORE_TABLE -> coreItem(coreTables, model.coreTables(), i);
            case CORE_MEMORY -> coreItem(coreMemories, model.coreMemories(), i);
            case CORE_GLOBAL -> coreItem(coreGlobals, model.coreGlobals(), i);
            default ->
                    throw new ComponentLinkException(
                            state.name + ": cannot use a " + item.sort() + " here");
        };
    }

    private Object component(int i) {
        var def = model.components().get(i);
        if (def instanceof ComponentDef.Nested nested) {
            return nested.model();
        }
        return importedComponents.get(i);
    }

    private CoreModuleDef.Embedded coreModule(int i) {
        var def = model.coreModules().get(i);
        if (def instanceof CoreModuleDef.Embedded embedded) {
            return embedded;
        }
        Object supplied = importedModules.get(i);
        if (supplied instanceof CoreModuleDef.Embedded embedded) {
            return embedded;
        }
        throw new ComponentLinkException(
                state.name
                        + " imports core module "
                        + ((CoreModuleDef.Imported) def).name()
                        + ", which the host cannot supply");
    }

    private RtInstance instance(int i) {
        if (instances[i] != null) {
            return instances[i];
        }
        var def = model.instances().get(i);
        RtInstance made;
        if (def instanceof InstanceDef.Imported imported) {
            made = (RtInstance) imports.get(imported.name());
        } else if (def instanceof InstanceDef.AliasExport alias) {
            made = (RtInstance) instance(alias.instance()).exports().get(alias.name());
        } else if (def instanceof InstanceDef.FromExports bag) {
            var exports = new LinkedHashMap<String, Object>();
            bag.items().forEach((name, item) -> exports.put(name, resolve(item)));
            made = new RtInstance(state.name + " instance " + i, exports);
        } else {
            var instantiate = (InstanceDef.Instantiate) def;
            Object component = component(instantiate.component());
            if (!(component instanceof ComponentModel child)) {
                throw new ComponentLinkException(
                        state.name
                                + ": component "
                                + instantiate.component()
                                + " is not available");
            }
            var args = new LinkedHashMap<String, Object>();
            instantiate.args().forEach((name, item) -> args.put(name, resolve(item)));
            var childState = state.nested(state.name + "/component " + instantiate.component());
            // Resources the child imports are the parent's: destroying them is the parent's job.
            for (var imp : child.imports()) {
                Object arg = args.get(imp.name());
                if (imp.type() instanceof dev.sluice.component.model.ExternType.Type t
                        && t.type() instanceof ResourceType abstractType
                        && arg instanceof ResourceType actual) {
                    var destructor = state.destructorOf(actual);
                    if (destructor != null) {
                        childState.destructor(abstractType, destructor);
                    }
                }
            }
            made = new Instantiator(child, args, core, childState).run();
        }
        instances[i] = made;
        return made;
    }

    private RtFunc func(int i) {
        if (funcs[i] != null) {
            return funcs[i];
        }
        var def = model.funcs().get(i);
        RtFunc made;
        if (def instanceof FuncDef.Imported imported) {
            made = (RtFunc) imports.get(imported.name());
        } else if (def instanceof FuncDef.AliasExport alias) {
            Object export = instance(alias.instance()).exports().get(alias.name());
            if (!(export instanceof RtFunc f)) {
                throw new ComponentLinkException(
                        state.name
                                + ": instance "
                                + alias.instance()
                                + " does not export a function "
                                + alias.name());
            }
            made = f;
        } else {
            var lift = (FuncDef.Lift) def;
            var opts = lift.options();
            WasmFunction postReturn = opts.postReturn() >= 0 ? coreFunc(opts.postReturn()) : null;
            made =
                    new LiftedFunction(
                            lift.type(),
                            coreFunc(lift.coreFunc()),
                            postReturn,
                            options(opts),
                            state);
        }
        funcs[i] = made;
        return made;
    }

    private ResolvedCanonOptions options(CanonOptionIndices opts) {
        Memory memory =
                opts.memory() >= 0
                        ? (Memory) coreItem(coreMemories, model.coreMemories(), opts.memory())
                        : null;
        dev.sluice.component.abi.Realloc realloc = null;
        if (opts.realloc() >= 0) {
            WasmFunction fn = coreFunc(opts.realloc());
            // One argument array per instance, refilled per call: an instance runs one call at a
            // time, and the guest reads its arguments on entry, before anything could call again.
            long[] args = new long[4];
            realloc =
                    (ptr, size, align, newSize) -> {
                        args[0] = ptr;
                        args[1] = size;
                        args[2] = align;
                        args[3] = newSize;
                        return (int) fn.apply(args)[0];
                    };
        }
        return new ResolvedCanonOptions(memory, opts.encoding(), realloc);
    }

    private WasmFunction coreFunc(int i) {
        if (coreFuncs[i] != null) {
            return coreFuncs[i];
        }
        var def = model.coreFuncs().get(i);
        WasmFunction made;
        if (def instanceof CoreItemDef.Alias alias) {
            made = (WasmFunction) coreExport(alias.instance(), alias.name(), Sort.CORE_FUNC);
        } else if (def instanceof CoreItemDef.Lower lower) {
            made = new LoweredFunction(func(lower.func()), options(lower.options()), state);
        } else if (def instanceof CoreItemDef.ResourceNew rn) {
            var type = rn.resource();
            made =
                    builtin(
                            I32_TO_I32,
                            args -> new long[] {state.table.resourceNew(type, (int) args[0])});
        } else if (def instanceof CoreItemDef.ResourceRep rr) {
            var type = rr.resource();
            made =
                    builtin(
                            I32_TO_I32,
                            args ->
                                    new long[] {
                                        (Integer) state.table.resourceRep(type, (int) args[0])
                                    });
        } else {
            var type = ((CoreItemDef.ResourceDrop) def).resource();
            made =
                    builtin(
                            I32_TO_NONE,
                            args -> {
                                Object rep = state.table.resourceDrop(type, (int) args[0]);
                                if (rep != null) {
                                    state.destroy(type, rep);
                                }
                                return new long[0];
                            });
        }
        coreFuncs[i] = made;
        return made;
    }

    private static WasmFunction builtin(
            FunctionType type, java.util.function.Function<long[], long[]> body) {
        return new WasmFunction() {
            @Override
            public FunctionType type() {
                return type;
            }

            @Override
            public long[] apply(long... args) {
                return body.apply(args);
            }
        };
    }

    private Object coreItem(Object[] made, List<CoreItemDef> defs, int i) {
        if (made[i] == null) {
            var alias = (CoreItemDef.Alias) defs.get(i);
            made[i] = coreExport(alias.instance(), alias.name(), alias.type().sort());
        }
        return made[i];
    }

    /**
     * Export {@code name} of core instance {@code i}: a {@link WasmFunction}, table, memory or
     * global.
     */
    private Object coreExport(int i, String name, Sort sort) {
        Object instance = coreInstance(i);
        if (instance instanceof Instance core) {
            return switch (sort) {
                case CORE_FUNC -> core.function(name);
                case CORE_TABLE -> core.table(name);
                case CORE_MEMORY -> core.memory(name);
                case CORE_GLOBAL -> core.global(name);
                default ->
                        throw new ComponentLinkException(
                                state.name + ": cannot import a core " + sort);
            };
        }
        @SuppressWarnings("unchecked")
        var bag = (Map<String, Object>) instance;
        return bag.get(name);
    }

    private Object coreInstance(int i) {
        if (coreInstances[i] != null) {
            return coreInstances[i];
        }
        var def = model.coreInstances().get(i);
        Object made;
        if (def instanceof CoreInstanceDef.FromExports bag) {
            var items = new HashMap<String, Object>();
            for (var item : bag.items()) {
                items.put(item.name(), resolve(item.item()));
            }
            made = items;
        } else {
            var instantiate = (CoreInstanceDef.Instantiate) def;
            var module = coreModule(instantiate.module());
            var values = Imports.builder();
            for (var imp : module.type().imports()) {
                Object item =
                        coreExport(
                                instantiate.args().get(imp.module()),
                                imp.name(),
                                imp.type().sort());
                String m = imp.module();
                String n = imp.name();
                if (item instanceof WasmFunction fn) {
                    values.withFunction(
                            new HostFunction(m, n, fn.type(), (inst, args) -> fn.apply(args)));
                } else if (item instanceof Memory
                        || item instanceof Instance.Table
                        || item instanceof Instance.Global) {
                    values.withItem(m, n, item);
                } else {
                    throw new ComponentLinkException(
                            state.name
                                    + ": core module "
                                    + module.number()
                                    + " imports "
                                    + m
                                    + "."
                                    + n
                                    + ", which was not provided");
                }
            }
            try {
                var coreMade = core.of(module).instantiate(values.build());
                state.made(coreMade);
                made = coreMade;
            } catch (RuntimeException e) {
                throw new ComponentLinkException(
                        state.name
                                + ": core module "
                                + module.number()
                                + " failed to instantiate: "
                                + e.getMessage(),
                        e);
            }
        }
        coreInstances[i] = made;
        return made;
    }
}
