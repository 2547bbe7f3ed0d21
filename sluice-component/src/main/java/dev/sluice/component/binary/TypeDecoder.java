package dev.sluice.component.binary;

import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.model.ComponentDef;
import dev.sluice.component.model.ComponentType;
import dev.sluice.component.model.CoreModuleDef;
import dev.sluice.component.model.CoreModuleType;
import dev.sluice.component.model.ExternType;
import dev.sluice.component.model.FuncDef;
import dev.sluice.component.model.InstanceDef;
import dev.sluice.component.model.InstanceType;
import dev.sluice.component.model.Sort;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ResourceType;
import dev.sluice.component.types.ValType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;

/** Decodes type definitions, value types, extern types and core types. */
final class TypeDecoder {

    private TypeDecoder() {}

    /**
     * A {@code deftype} of the type section or of a type declarator, checked against the type
     * limits.
     */
    static Object defType(Reader r, Scope scope) {
        int at = r.pos();
        Object type = unchecked(r, scope);
        scope.typeSizes.check(r, type, at);
        return type;
    }

    private static Object unchecked(Reader r, Scope scope) {
        int at = r.pos();
        int op = r.u8();
        var prim = ValType.Primitive.ofOpcode(op);
        if (prim != null) {
            return prim;
        }
        return switch (op) {
            case 0x72 -> {
                int n = r.count();
                var fields = new ArrayList<ValType.Field>();
                var seen = new HashSet<String>();
                for (int i = 0; i < n; i++) {
                    String name = label(r, seen, "record field");
                    fields.add(new ValType.Field(name, valType(r, scope)));
                }
                nonEmpty(r, n, "record", at);
                yield new ValType.RecordOf(fields);
            }
            case 0x71 -> {
                int n = r.count();
                var cases = new ArrayList<ValType.Case>();
                var seen = new HashSet<String>();
                for (int i = 0; i < n; i++) {
                    String name = label(r, seen, "variant case");
                    ValType payload = r.optionalFlag() ? valType(r, scope) : null;
                    int refines = r.pos();
                    if (r.u8() != 0x00) {
                        throw r.error("variant case refinements are not supported", refines);
                    }
                    cases.add(new ValType.Case(name, payload));
                }
                nonEmpty(r, n, "variant", at);
                yield new ValType.VariantOf(cases);
            }
            case 0x70 -> new ValType.ListOf(valType(r, scope));
            case 0x6f -> {
                int n = r.count();
                var types = new ArrayList<ValType>();
                for (int i = 0; i < n; i++) {
                    types.add(valType(r, scope));
                }
                nonEmpty(r, n, "tuple", at);
                yield new ValType.TupleOf(types);
            }
            case 0x6e -> {
                var names = labels(r, "flag");
                if (names.isEmpty() || names.size() > 32) {
                    throw r.error("flags must have 1 to 32 labels, not " + names.size(), at);
                }
                yield new ValType.FlagsOf(names);
            }
            case 0x6d -> {
                var names = labels(r, "enum case");
                nonEmpty(r, names.size(), "enum", at);
                yield new ValType.EnumOf(names);
            }
            case 0x6b -> new ValType.OptionOf(valType(r, scope));
            case 0x6a -> {
                ValType ok = r.optionalFlag() ? valType(r, scope) : null;
                ValType err = r.optionalFlag() ? valType(r, scope) : null;
                yield new ValType.ResultOf(ok, err);
            }
            case 0x69 -> new ValType.Own(resource(r, scope));
            case 0x68 -> new ValType.Borrow(resource(r, scope));
            case 0x40 -> funcType(r, scope);
            case 0x41 -> componentType(r, scope);
            case 0x42 -> instanceType(r, scope);
            case 0x3f -> {
                if (scope.kind != Scope.Kind.COMPONENT) {
                    throw r.error("resource types may only be defined in a component", at);
                }
                int rep = r.u8();
                if (rep != 0x7f) {
                    throw r.error("a resource's representation must be i32", at);
                }
                // The destructor is read by the caller, which owns the component's resources.
                yield new PendingResource(r.optionalFlag() ? r.index() : -1);
            }
            case 0x67 -> throw unsupported(r, at, "fixed-length lists");
            case 0x66, 0x65, 0x43, 0x3e -> throw unsupported(r, at, "async (streams, futures)");
            case 0x64 -> throw unsupported(r, at, "error-context");
            case 0x63 -> throw unsupported(r, at, "maps");
            default -> throw r.error("unknown type opcode 0x" + Integer.toHexString(op), at);
        };
    }

    /** A resource definition whose destructor index is still to be checked by the decoder. */
    record PendingResource(int destructor) {}

    static ValType valType(Reader r, Scope scope) {
        int at = r.pos();
        long v = r.s33();
        if (v < 0) {
            var prim = ValType.Primitive.ofOpcode((int) (v & 0x7f));
            if (prim == null) {
                throw r.error("unknown value type opcode 0x" + Long.toHexString(v & 0x7f), at);
            }
            return prim;
        }
        Object t = type(r, scope, v, at);
        if (!(t instanceof ValType vt)) {
            throw r.error("type " + v + " is " + describe(t) + ", not a value type", at);
        }
        return vt;
    }

    static FuncType funcType(Reader r, Scope scope) {
        int n = r.count();
        var params = new ArrayList<ValType.Field>();
        var seen = new HashSet<String>();
        for (int i = 0; i < n; i++) {
            String name = label(r, seen, "parameter");
            params.add(new ValType.Field(name, valType(r, scope)));
        }
        int at = r.pos();
        ValType result;
        switch (r.u8()) {
            case 0x00 -> result = valType(r, scope);
            case 0x01 -> {
                int named = r.index();
                if (named != 0) {
                    throw r.error("named results are no longer part of the component model", at);
                }
                result = null;
            }
            default -> throw r.error("malformed function result list", at);
        }
        if (result != null && containsBorrow(result)) {
            throw r.error("a function result may not contain a borrow handle", at);
        }
        return new FuncType(params, result);
    }

    static ComponentType componentType(Reader r, Scope outer) {
        var scope = new Scope(Scope.Kind.COMPONENT_TYPE, outer, r);
        int n = r.count();
        for (int i = 0; i < n; i++) {
            if (r.peek() == 0x03) {
                r.u8();
                String name = externName(r);
                var type = externType(r, scope, name);
                if (scope.importTypes.put(name, type) != null) {
                    throw r.error("duplicate import " + name);
                }
                introduce(scope, name, type);
            } else {
                declarator(r, scope);
            }
        }
        return new ComponentType(scope.importTypes, scope.exportTypes);
    }

    static InstanceType instanceType(Reader r, Scope outer) {
        var scope = new Scope(Scope.Kind.INSTANCE_TYPE, outer, r);
        int n = r.count();
        for (int i = 0; i < n; i++) {
            declarator(r, scope);
        }
        return new InstanceType(scope.exportTypes);
    }

    /** An {@code instancedecl}: core type, type, alias or export. */
    private static void declarator(Reader r, Scope scope) {
        int at = r.pos();
        switch (r.u8()) {
            case 0x00 -> scope.coreTypes.add(coreType(r, scope));
            case 0x01 -> {
                Object t = defType(r, scope);
                if (t instanceof PendingResource) {
                    throw r.error("resource types may not be defined inside a type", at);
                }
                scope.types.add(t);
            }
            case 0x02 -> Aliases.alias(r, scope);
            case 0x04 -> {
                String name = externName(r);
                var type = externType(r, scope, name);
                if (scope.exportTypes.put(name, type) != null) {
                    throw r.error("duplicate export " + name, at);
                }
                introduce(scope, name, type);
            }
            default ->
                    throw r.error(
                            "unknown declarator 0x" + Integer.toHexString(r.bytes()[at] & 0xff),
                            at);
        }
    }

    /** Adds what an import or export declaration introduces to its index space. */
    static void introduce(Scope scope, String name, ExternType type) {
        if (type instanceof ExternType.Func f) {
            scope.funcs.add(new FuncDef.Imported(name, f.type()));
        } else if (type instanceof ExternType.Instance i) {
            scope.instances.add(new InstanceDef.Imported(name, i.type()));
        } else if (type instanceof ExternType.Component c) {
            scope.components.add(new ComponentDef.Imported(name, c.type()));
        } else if (type instanceof ExternType.Type t) {
            scope.types.add(t.type());
        } else if (type instanceof ExternType.CoreModule m) {
            scope.coreModules.add(new CoreModuleDef.Imported(name, m.type()));
        }
    }

    /** An {@code externtype}; {@code name} names a fresh resource type. */
    static ExternType externType(Reader r, Scope scope, String name) {
        int at = r.pos();
        int kind = r.u8();
        return switch (kind) {
            case 0x00 -> {
                if (r.u8() != 0x11) {
                    throw r.error("only core modules can be imported among core sorts", at);
                }
                int i = r.index();
                Object t = index(r, scope.coreTypes, i, "core type", at);
                if (!(t instanceof CoreModuleType m)) {
                    throw r.error("core type " + i + " is not a module type", at);
                }
                yield new ExternType.CoreModule(m);
            }
            case 0x01 -> {
                long i = r.index();
                if (!(type(r, scope, i, at) instanceof FuncType f)) {
                    throw r.error("type " + i + " is not a function type", at);
                }
                yield new ExternType.Func(f);
            }
            case 0x02 -> throw unsupported(r, at, "value imports and exports");
            case 0x03 -> {
                int bound = r.u8();
                if (bound == 0x00) {
                    long i = r.index();
                    yield new ExternType.Type(type(r, scope, i, at));
                } else if (bound == 0x01) {
                    yield new ExternType.Type(new ResourceType(name));
                }
                throw r.error("unknown type bound 0x" + Integer.toHexString(bound), at);
            }
            case 0x04 -> {
                long i = r.index();
                if (!(type(r, scope, i, at) instanceof ComponentType c)) {
                    throw r.error("type " + i + " is not a component type", at);
                }
                yield new ExternType.Component(c);
            }
            case 0x05 -> {
                long i = r.index();
                if (!(type(r, scope, i, at) instanceof InstanceType t)) {
                    throw r.error("type " + i + " is not an instance type", at);
                }
                yield new ExternType.Instance(t);
            }
            default -> throw r.error("unknown extern kind 0x" + Integer.toHexString(kind), at);
        };
    }

    /** A {@code core:deftype}: a function type or a module type. */
    static Object coreType(Reader r, Scope scope) {
        int at = r.pos();
        int op = r.u8();
        return switch (op) {
            case 0x60 -> coreFuncType(r);
            case 0x50 -> coreModuleType(r, scope);
            default ->
                    throw unsupported(
                            r, at, "core type 0x" + Integer.toHexString(op) + " (GC types)");
        };
    }

    static FunctionType coreFuncType(Reader r) {
        var params = coreValTypes(r);
        var results = coreValTypes(r);
        return FunctionType.of(params, results);
    }

    private static List<dev.sluice.component.engine.ValType> coreValTypes(Reader r) {
        int n = r.count();
        var list = new ArrayList<dev.sluice.component.engine.ValType>();
        for (int i = 0; i < n; i++) {
            list.add(coreValType(r));
        }
        return list;
    }

    static dev.sluice.component.engine.ValType coreValType(Reader r) {
        int at = r.pos();
        int op = r.u8();
        return switch (op) {
            case 0x7f -> dev.sluice.component.engine.ValType.I32;
            case 0x7e -> dev.sluice.component.engine.ValType.I64;
            case 0x7d -> dev.sluice.component.engine.ValType.F32;
            case 0x7c -> dev.sluice.component.engine.ValType.F64;
            case 0x7b -> dev.sluice.component.engine.ValType.V128;
            case 0x70 -> dev.sluice.component.engine.ValType.FUNCREF;
            case 0x6f -> dev.sluice.component.engine.ValType.EXTERNREF;
            default -> throw r.error("unknown core value type 0x" + Integer.toHexString(op), at);
        };
    }

    private static CoreModuleType coreModuleType(Reader r, Scope outer) {
        var scope = new Scope(Scope.Kind.INSTANCE_TYPE, outer, r);
        var imports = new ArrayList<CoreModuleType.CoreImport>();
        var exports = new LinkedHashMap<String, CoreModuleType.CoreExtern>();
        int n = r.count();
        for (int i = 0; i < n; i++) {
            int at = r.pos();
            switch (r.u8()) {
                case 0x00 -> {
                    String module = r.name();
                    String name = r.name();
                    imports.add(new CoreModuleType.CoreImport(module, name, coreExtern(r, scope)));
                }
                case 0x01 -> {
                    Object t = coreType(r, scope);
                    if (t instanceof CoreModuleType) {
                        throw r.error("module types may not nest", at);
                    }
                    scope.coreTypes.add(t);
                }
                case 0x02 -> {
                    if (r.u8() != 0x10 || r.u8() != 0x01) {
                        throw r.error(
                                "only outer aliases of core types may appear in a module type", at);
                    }
                    int ct = r.index();
                    int idx = r.index();
                    Scope target = scope.outer(ct);
                    if (target == null) {
                        throw r.error("outer alias reaches past the outermost scope", at);
                    }
                    scope.coreTypes.add(index(r, target.coreTypes, idx, "core type", at));
                }
                case 0x03 -> {
                    String name = r.name();
                    if (exports.put(name, coreExtern(r, scope)) != null) {
                        throw r.error("duplicate export " + name, at);
                    }
                }
                default -> throw r.error("unknown module type declarator", at);
            }
        }
        return new CoreModuleType(imports, exports);
    }

    /** A {@code core:importdesc}: the kind, with limits and types read and checked. */
    private static CoreModuleType.CoreExtern coreExtern(Reader r, Scope scope) {
        int at = r.pos();
        int kind = r.u8();
        switch (kind) {
            case 0x00 -> {
                int i = r.index();
                Object t = index(r, scope.coreTypes, i, "core type", at);
                if (!(t instanceof FunctionType f)) {
                    throw r.error("core type " + i + " is not a function type", at);
                }
                return new CoreModuleType.CoreExtern(Sort.CORE_FUNC, f);
            }
            case 0x01 -> {
                coreValType(r);
                limits(r);
                return new CoreModuleType.CoreExtern(Sort.CORE_TABLE, null);
            }
            case 0x02 -> {
                limits(r);
                return new CoreModuleType.CoreExtern(Sort.CORE_MEMORY, null);
            }
            case 0x03 -> {
                coreValType(r);
                r.u8();
                return new CoreModuleType.CoreExtern(Sort.CORE_GLOBAL, null);
            }
            default -> throw unsupported(r, at, "core import kind 0x" + Integer.toHexString(kind));
        }
    }

    private static void limits(Reader r) {
        int at = r.pos();
        int flags = r.u8();
        if (flags > 0x07) {
            throw r.error("malformed limits", at);
        }
        boolean is64 = (flags & 0x04) != 0;
        if (is64) {
            throw unsupported(r, at, "64-bit memories and tables");
        }
        r.u32();
        if ((flags & 0x01) != 0) {
            r.u32();
        }
    }

    /** Looks up type {@code i} of {@code scope}. */
    static Object type(Reader r, Scope scope, long i, int at) {
        if (i >= scope.types.size()) {
            throw r.error(
                    "type index "
                            + i
                            + " out of bounds ("
                            + scope.types.size()
                            + " types defined so far)",
                    at);
        }
        return scope.types.get((int) i);
    }

    private static ResourceType resource(Reader r, Scope scope) {
        int at = r.pos();
        long i = r.index();
        Object t = type(r, scope, i, at);
        if (!(t instanceof ResourceType rt)) {
            throw r.error(
                    "handle type refers to type "
                            + i
                            + ", which is "
                            + describe(t)
                            + ", not a resource",
                    at);
        }
        return rt;
    }

    static <T> T index(Reader r, List<T> space, int i, String what, int at) {
        if (i < 0 || i >= space.size()) {
            throw r.error(
                    what + " index " + i + " out of bounds (" + space.size() + " defined so far)",
                    at);
        }
        return space.get(i);
    }

    static String externName(Reader r) {
        int at = r.pos();
        int form = r.u8();
        String name = r.name();
        switch (form) {
            case 0x00, 0x01 -> {}
            case 0x02 -> {
                int n = r.count();
                for (int i = 0; i < n; i++) {
                    int kind = r.u8();
                    if (kind > 0x02) {
                        throw r.error("unknown name attribute 0x" + Integer.toHexString(kind));
                    }
                    r.name();
                }
            }
            default -> throw r.error("unknown name form 0x" + Integer.toHexString(form), at);
        }
        if (name.isEmpty()) {
            throw r.error("empty import or export name", at);
        }
        return name;
    }

    private static String label(Reader r, java.util.Set<String> seen, String what) {
        int at = r.pos();
        String name = r.name();
        if (!seen.add(name)) {
            throw r.error("duplicate " + what + " name " + name, at);
        }
        return name;
    }

    private static List<String> labels(Reader r, String what) {
        int n = r.count();
        var names = new ArrayList<String>();
        var seen = new HashSet<String>();
        for (int i = 0; i < n; i++) {
            names.add(label(r, seen, what));
        }
        return names;
    }

    private static void nonEmpty(Reader r, int n, String what, int at) {
        if (n == 0) {
            throw r.error("a " + what + " must not be empty", at);
        }
    }

    static boolean containsBorrow(ValType t) {
        if (t instanceof ValType.Borrow) {
            return true;
        } else if (t instanceof ValType.ListOf l) {
            return containsBorrow(l.element());
        } else if (t instanceof ValType.RecordOf rec) {
            return rec.fields().stream().anyMatch(f -> containsBorrow(f.type()));
        } else if (t instanceof ValType.TupleOf tup) {
            return tup.types().stream().anyMatch(TypeDecoder::containsBorrow);
        } else if (t instanceof ValType.VariantOf v) {
            return v.cases().stream().anyMatch(c -> c.type() != null && containsBorrow(c.type()));
        } else if (t instanceof ValType.OptionOf o) {
            return containsBorrow(o.type());
        } else if (t instanceof ValType.ResultOf res) {
            return (res.ok() != null && containsBorrow(res.ok()))
                    || (res.err() != null && containsBorrow(res.err()));
        }
        return false;
    }

    static String describe(Object t) {
        if (t instanceof FuncType) {
            return "a function type";
        } else if (t instanceof ComponentType) {
            return "a component type";
        } else if (t instanceof InstanceType) {
            return "an instance type";
        } else if (t instanceof ResourceType) {
            return "a resource type";
        } else if (t instanceof ValType) {
            return "a value type";
        }
        return "a " + t.getClass().getSimpleName();
    }

    private static RuntimeException unsupported(Reader r, int at, String what) {
        return r.error(what + " are not supported by this runtime", at);
    }
}
