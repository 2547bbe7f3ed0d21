package dev.sluice.component.binary;

import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.Module;
import dev.sluice.component.engine.ValType;
import dev.sluice.component.engine.WasmException;
import dev.sluice.component.model.ComponentDef;
import dev.sluice.component.model.ComponentModel;
import dev.sluice.component.model.ComponentType;
import dev.sluice.component.model.CoreInstanceDef;
import dev.sluice.component.model.CoreItemDef;
import dev.sluice.component.model.CoreModuleDef;
import dev.sluice.component.model.CoreModuleType;
import dev.sluice.component.model.ExternType;
import dev.sluice.component.model.InstanceDef;
import dev.sluice.component.model.InstanceType;
import dev.sluice.component.model.Sort;
import dev.sluice.component.model.SortIndex;
import dev.sluice.component.types.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decodes and validates a component binary into a {@link ComponentModel}, section by section. Every
 * problem is reported with the section it was found in and its byte offset.
 */
public final class ComponentDecoder {

    private static final String[] SECTION_NAMES = {
        "custom section",
        "core module section",
        "core instance section",
        "core type section",
        "component section",
        "instance section",
        "alias section",
        "type section",
        "canon section",
        "start section",
        "import section",
        "export section",
        "value section"
    };

    private static final FunctionType I32_TO_I32 =
            FunctionType.of(List.of(ValType.I32), List.of(ValType.I32));
    private static final FunctionType I32_TO_NONE =
            FunctionType.of(List.of(ValType.I32), List.of());

    private final Function<byte[], Module> moduleParser;
    private int modulesSeen;

    /** How many instances instantiating each nested component creates (see Scope#instancesMade). */
    private final Map<ComponentModel, Long> instanceCounts = new IdentityHashMap<>();

    private ComponentDecoder(Function<byte[], Module> moduleParser) {
        this.moduleParser = moduleParser;
    }

    /**
     * Decodes {@code bytes}, parsing each embedded core module with {@code moduleParser} (which may
     * throw; its message is reported with the module's offset).
     */
    public static ComponentModel decode(byte[] bytes, Function<byte[], Module> moduleParser) {
        var r = new Reader(bytes, 0, bytes.length);
        return new ComponentDecoder(moduleParser).component(r, null);
    }

    private ComponentModel component(Reader r, Scope parent) {
        preamble(r);
        var scope = new Scope(Scope.Kind.COMPONENT, parent, r);
        var imports = new ArrayList<ComponentModel.Import>();
        var exports = new ArrayList<ComponentModel.Export>();
        var resources = new LinkedHashMap<ResourceType, Integer>();
        var importNames = new HashSet<String>();
        var exportNames = new HashSet<String>();
        var starts = new ArrayList<ComponentModel.Start>();
        while (!r.atEnd()) {
            int sectionStart = r.pos();
            r.context("component");
            int id = r.u8();
            if (id >= SECTION_NAMES.length) {
                throw r.error("unknown section id " + id, sectionStart);
            }
            int size = r.index();
            int end = r.pos() + size;
            if (size > r.end() - r.pos()) {
                throw r.error(
                        SECTION_NAMES[id]
                                + " claims "
                                + size
                                + " bytes but only "
                                + (r.end() - r.pos())
                                + " remain",
                        sectionStart);
            }
            var section = new Reader(r.bytes(), r.pos(), end);
            section.context(SECTION_NAMES[id]);
            switch (id) {
                case 0 -> section.name();
                case 1 -> coreModule(section, scope);
                case 2 -> each(section, () -> coreInstance(section, scope));
                case 3 ->
                        each(
                                section,
                                () -> scope.coreTypes.add(TypeDecoder.coreType(section, scope)));
                case 4 -> {
                    var nested = component(section, scope);
                    scope.components.add(new ComponentDef.Nested(nested));
                    section.skipTo(end);
                }
                case 5 -> each(section, () -> instance(section, scope));
                case 6 -> each(section, () -> Aliases.alias(section, scope));
                case 7 -> each(section, () -> type(section, scope, resources));
                case 8 -> each(section, () -> Canons.canon(section, scope, resources));
                case 9 -> starts.add(Canons.start(section, scope));
                case 10 -> each(section, () -> imports.add(importDef(section, scope, importNames)));
                case 11 -> each(section, () -> exports.add(exportDef(section, scope, exportNames)));
                default -> throw section.error("component values are not supported", section.pos());
            }
            if (id != 0 && !section.atEnd()) {
                throw section.error(
                        (end - section.pos()) + " unread bytes at the end of the section");
            }
            r.skipTo(end);
        }
        var importTypes = new LinkedHashMap<String, ExternType>();
        imports.forEach(i -> importTypes.put(i.name(), i.type()));
        var exportTypes = new LinkedHashMap<String, ExternType>();
        exports.forEach(e -> exportTypes.put(e.name(), e.type()));
        var model =
                new ComponentModel(
                        List.copyOf(scope.coreModules),
                        List.copyOf(scope.coreInstances),
                        List.copyOf(scope.coreFuncs),
                        List.copyOf(scope.coreTables),
                        List.copyOf(scope.coreMemories),
                        List.copyOf(scope.coreGlobals),
                        List.copyOf(scope.funcs),
                        List.copyOf(scope.types),
                        List.copyOf(scope.components),
                        List.copyOf(scope.instances),
                        Map.copyOf(resources),
                        List.copyOf(imports),
                        List.copyOf(exports),
                        List.copyOf(starts),
                        new ComponentType(importTypes, exportTypes));
        instanceCounts.put(model, scope.instancesMade);
        return model;
    }

    private static void preamble(Reader r) {
        int at = r.pos();
        byte[] b = r.bytes();
        int length = r.end() - at;
        byte[] magic = {0, 'a', 's', 'm'};
        for (int i = 0; i < Math.min(length, magic.length); i++) {
            if (b[at + i] != magic[i]) {
                throw r.error("not a WebAssembly binary (no \\0asm magic)", at);
            }
        }
        if (length < 8) {
            throw r.error(
                    length == 0
                            ? "empty: a component starts with the 8-byte preamble (\\0asm, version)"
                            : "truncated: only "
                                    + length
                                    + " of the 8 preamble bytes (\\0asm, version) are there",
                    at);
        }
        int version = (b[at + 4] & 0xff) | (b[at + 5] & 0xff) << 8;
        int layer = (b[at + 6] & 0xff) | (b[at + 7] & 0xff) << 8;
        if (layer != 1) {
            throw r.error("a core module, not a component (layer " + layer + ")", at + 6);
        }
        if (version != 0x0d) {
            throw r.error(
                    "component binary version 0x"
                            + Integer.toHexString(version)
                            + " is not supported (expected 0xd)",
                    at + 4);
        }
        r.skipTo(at + 8);
    }

    private static void each(Reader r, Runnable item) {
        int n = r.count();
        for (int i = 0; i < n; i++) {
            item.run();
        }
    }

    private void coreModule(Reader r, Scope scope) {
        int at = r.pos();
        byte[] bytes = java.util.Arrays.copyOfRange(r.bytes(), at, r.end());
        int number = modulesSeen++;
        Module module;
        CoreModuleType type;
        try {
            module = moduleParser.apply(bytes);
            type = CoreModules.typeOf(module);
        } catch (RuntimeException | AssertionError e) {
            // The engine's own errors say what is wrong;
            // anything else is named by its class. With assertions on (-ea, as in tests),
            // Chicory's parser also fails its own asserts on some malformed custom sections
            // (found by ComponentDecoderFuzzTest).
            String why = e instanceof WasmException ? e.getMessage() : e.toString();
            throw r.error("core module " + number + " is invalid: " + why, at);
        }
        scope.coreModules.add(new CoreModuleDef.Embedded(number, bytes, module, type));
        r.skipTo(r.end());
    }

    private void coreInstance(Reader r, Scope scope) {
        int at = r.pos();
        int kind = r.u8();
        if (kind == 0x00) {
            int m = r.index();
            var module = TypeDecoder.index(r, scope.coreModules, m, "core module", at);
            var args = new LinkedHashMap<String, Integer>();
            int n = r.count();
            for (int i = 0; i < n; i++) {
                String name = r.name();
                if (r.u8() != 0x12) {
                    throw r.error("core instantiation arguments must be instances", at);
                }
                int inst = r.index();
                TypeDecoder.index(r, scope.coreInstances, inst, "core instance", at);
                if (args.put(name, inst) != null) {
                    throw r.error("argument " + name + " given twice", at);
                }
            }
            for (var imp : module.type().imports()) {
                Integer supplier = args.get(imp.module());
                if (supplier == null) {
                    throw r.error(
                            "core module "
                                    + m
                                    + " imports from "
                                    + imp.module()
                                    + ", which is not supplied",
                            at);
                }
                var export = scope.coreInstances.get(supplier).exports().get(imp.name());
                if (export == null) {
                    throw r.error(
                            "core module "
                                    + m
                                    + " imports "
                                    + imp.module()
                                    + "."
                                    + imp.name()
                                    + ", which core instance "
                                    + supplier
                                    + " does not export",
                            at);
                }
                if (export.sort() != imp.type().sort()
                        || (imp.type().functionType() != null
                                && !imp.type().functionType().equals(export.functionType()))) {
                    throw r.error(
                            "core module "
                                    + m
                                    + " imports "
                                    + imp.module()
                                    + "."
                                    + imp.name()
                                    + " as "
                                    + describe(imp.type())
                                    + " but core instance "
                                    + supplier
                                    + " exports "
                                    + describe(export),
                            at);
                }
            }
            scope.addInstances(r, 1, at);
            scope.coreInstances.add(
                    new CoreInstanceDef.Instantiate(m, args, module.type().exports()));
        } else if (kind == 0x01) {
            var items = new ArrayList<CoreInstanceDef.InlineExport>();
            var exports = new LinkedHashMap<String, CoreModuleType.CoreExtern>();
            int n = r.count();
            for (int i = 0; i < n; i++) {
                String name = r.name();
                Sort sort = Sorts.coreSort(r);
                int idx = r.index();
                var type = coreExtern(r, scope, sort, idx, at);
                if (exports.put(name, type) != null) {
                    throw r.error("duplicate export " + name, at);
                }
                items.add(new CoreInstanceDef.InlineExport(name, new SortIndex(sort, idx)));
            }
            scope.coreInstances.add(new CoreInstanceDef.FromExports(items, exports));
        } else {
            throw r.error("unknown core instance kind 0x" + Integer.toHexString(kind), at);
        }
    }

    private static String describe(CoreModuleType.CoreExtern e) {
        return e.functionType() == null ? "a " + e.sort() : "a func " + e.functionType();
    }

    private static CoreModuleType.CoreExtern coreExtern(
            Reader r, Scope scope, Sort sort, int idx, int at) {
        return switch (sort) {
            case CORE_FUNC ->
                    new CoreModuleType.CoreExtern(
                            sort,
                            coreFuncType(
                                    TypeDecoder.index(r, scope.coreFuncs, idx, "core func", at)));
            case CORE_TABLE -> {
                TypeDecoder.index(r, scope.coreTables, idx, "core table", at);
                yield new CoreModuleType.CoreExtern(sort, null);
            }
            case CORE_MEMORY -> {
                TypeDecoder.index(r, scope.coreMemories, idx, "core memory", at);
                yield new CoreModuleType.CoreExtern(sort, null);
            }
            case CORE_GLOBAL -> {
                TypeDecoder.index(r, scope.coreGlobals, idx, "core global", at);
                yield new CoreModuleType.CoreExtern(sort, null);
            }
            default -> throw r.error("a core instance cannot export a " + sort, at);
        };
    }

    static FunctionType coreFuncType(CoreItemDef def) {
        if (def instanceof CoreItemDef.Alias a) {
            return a.type().functionType();
        } else if (def instanceof CoreItemDef.Lower l) {
            return l.coreType();
        } else if (def instanceof CoreItemDef.ResourceDrop) {
            return I32_TO_NONE;
        }
        return I32_TO_I32;
    }

    private void instance(Reader r, Scope scope) {
        int at = r.pos();
        int kind = r.u8();
        if (kind == 0x00) {
            int c = r.index();
            var component = TypeDecoder.index(r, scope.components, c, "component", at);
            var args = new LinkedHashMap<String, SortIndex>();
            int n = r.count();
            for (int i = 0; i < n; i++) {
                String name = r.name();
                var item = sortIndex(r, scope, at);
                if (args.put(name, item) != null) {
                    throw r.error("argument " + name + " given twice", at);
                }
            }
            var substitution = new Substitution();
            for (var imp : component.type().imports().entrySet()) {
                var arg = args.get(imp.getKey());
                if (arg == null) {
                    throw r.error(
                            "component "
                                    + c
                                    + " imports "
                                    + imp.getKey()
                                    + ", which is not supplied",
                            at);
                }
                var supplied = externTypeOf(r, scope, arg, at);
                if (!sameKind(imp.getValue(), supplied)) {
                    throw r.error(
                            "component "
                                    + c
                                    + " imports "
                                    + imp.getKey()
                                    + " as a "
                                    + kindName(imp.getValue())
                                    + " but is given a "
                                    + kindName(supplied),
                            at);
                }
                substitution.bind(imp.getValue(), supplied);
            }
            var type = new InstanceType(substitution.exports(component.type().exports()));
            scope.typeSizes.check(r, type, at);
            long made =
                    component instanceof ComponentDef.Nested nested
                            ? instanceCounts.getOrDefault(nested.model(), 0L)
                            : 0;
            scope.addInstances(r, 1 + made, at);
            scope.instances.add(new InstanceDef.Instantiate(c, args, type));
        } else if (kind == 0x01) {
            var items = new LinkedHashMap<String, SortIndex>();
            var exports = new LinkedHashMap<String, ExternType>();
            int n = r.count();
            for (int i = 0; i < n; i++) {
                String name = TypeDecoder.externName(r);
                var item = sortIndex(r, scope, at);
                if (items.put(name, item) != null) {
                    throw r.error("duplicate export " + name, at);
                }
                exports.put(name, externTypeOf(r, scope, item, at));
            }
            var type = new InstanceType(exports);
            scope.typeSizes.check(r, type, at);
            scope.instances.add(new InstanceDef.FromExports(items, type));
        } else {
            throw r.error("unknown instance kind 0x" + Integer.toHexString(kind), at);
        }
    }

    private static SortIndex sortIndex(Reader r, Scope scope, int at) {
        Sort sort = Sorts.sort(r);
        int idx = r.index();
        if (sort == Sort.VALUE) {
            throw r.error("component values are not supported", at);
        }
        if (idx >= scope.size(sort)) {
            throw r.error(
                    sort
                            + " index "
                            + idx
                            + " out of bounds ("
                            + scope.size(sort)
                            + " defined so far)",
                    at);
        }
        return new SortIndex(sort, idx);
    }

    /** The extern type of a definition referred to by an instantiation argument or export. */
    static ExternType externTypeOf(Reader r, Scope scope, SortIndex item, int at) {
        return switch (item.sort()) {
            case FUNC -> new ExternType.Func(scope.funcs.get(item.index()).type());
            case INSTANCE -> new ExternType.Instance(scope.instances.get(item.index()).type());
            case COMPONENT -> new ExternType.Component(scope.components.get(item.index()).type());
            case TYPE -> new ExternType.Type(scope.types.get(item.index()));
            case CORE_MODULE ->
                    new ExternType.CoreModule(scope.coreModules.get(item.index()).type());
            default -> throw r.error("a " + item.sort() + " cannot be passed or exported here", at);
        };
    }

    private static boolean sameKind(ExternType a, ExternType b) {
        return a.getClass() == b.getClass();
    }

    private static String kindName(ExternType t) {
        return t.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private void type(Reader r, Scope scope, Map<ResourceType, Integer> resources) {
        int at = r.pos();
        Object t = TypeDecoder.defType(r, scope);
        if (t instanceof TypeDecoder.PendingResource pending) {
            var resource = new ResourceType("resource " + scope.types.size());
            if (pending.destructor() >= 0) {
                var dtor =
                        TypeDecoder.index(
                                r, scope.coreFuncs, pending.destructor(), "core func", at);
                if (!I32_TO_NONE.equals(coreFuncType(dtor))) {
                    throw r.error(
                            "a resource destructor must have type [i32] -> [], not "
                                    + coreFuncType(dtor),
                            at);
                }
            }
            resources.put(resource, pending.destructor());
            t = resource;
        }
        scope.types.add(t);
    }

    private ComponentModel.Import importDef(Reader r, Scope scope, java.util.Set<String> names) {
        int at = r.pos();
        String name = TypeDecoder.externName(r);
        if (!names.add(name)) {
            throw r.error("duplicate import " + name, at);
        }
        var type = TypeDecoder.externType(r, scope, name);
        Sort sort = sortOf(type);
        int index = scope.size(sort);
        TypeDecoder.introduce(scope, name, type);
        return new ComponentModel.Import(name, type, new SortIndex(sort, index));
    }

    private ComponentModel.Export exportDef(Reader r, Scope scope, java.util.Set<String> names) {
        int at = r.pos();
        String name = TypeDecoder.externName(r);
        if (!names.add(name)) {
            throw r.error("duplicate export " + name, at);
        }
        var item = sortIndex(r, scope, at);
        var type = externTypeOf(r, scope, item, at);
        if (r.optionalFlag()) {
            var ascribed = TypeDecoder.externType(r, scope, name);
            if (!sameKind(type, ascribed)) {
                throw r.error(
                        "export "
                                + name
                                + " is a "
                                + kindName(type)
                                + " but is ascribed a "
                                + kindName(ascribed),
                        at);
            }
            if (!(ascribed instanceof ExternType.Type)) {
                type = ascribed;
            }
        }
        // An export is also a new index aliasing what it exports.
        switch (item.sort()) {
            case FUNC -> scope.funcs.add(scope.funcs.get(item.index()));
            case INSTANCE -> scope.instances.add(scope.instances.get(item.index()));
            case COMPONENT -> scope.components.add(scope.components.get(item.index()));
            case TYPE -> scope.types.add(scope.types.get(item.index()));
            case CORE_MODULE -> scope.coreModules.add(scope.coreModules.get(item.index()));
            default -> throw r.error("a " + item.sort() + " cannot be exported", at);
        }
        return new ComponentModel.Export(name, item, type);
    }

    private static Sort sortOf(ExternType type) {
        if (type instanceof ExternType.Func) {
            return Sort.FUNC;
        } else if (type instanceof ExternType.Instance) {
            return Sort.INSTANCE;
        } else if (type instanceof ExternType.Component) {
            return Sort.COMPONENT;
        } else if (type instanceof ExternType.Type) {
            return Sort.TYPE;
        }
        return Sort.CORE_MODULE;
    }
}
