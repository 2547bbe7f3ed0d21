package dev.sluice.component.binary;

import dev.sluice.component.model.ComponentType;
import dev.sluice.component.model.ExternType;
import dev.sluice.component.model.InstanceType;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ResourceType;
import dev.sluice.component.types.ValType;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replaces the abstract resource types a component imports with the types it is instantiated with,
 * so that the instance's exports speak of the types the instantiating scope knows.
 */
final class Substitution {

    private final Map<ResourceType, ResourceType> resources = new IdentityHashMap<>();

    /**
     * Value types already substituted, by identity: a type used many times (or a part shared by
     * many types) is rebuilt once, so the work stays proportional to the binary, not to its types
     * written out.
     */
    private final Map<ValType, ValType> done = new IdentityHashMap<>();

    /** Records what {@code supplied} gives for each resource type {@code imported} declares. */
    void bind(ExternType imported, ExternType supplied) {
        if (imported instanceof ExternType.Type t
                && t.type() instanceof ResourceType abstractType
                && supplied instanceof ExternType.Type s
                && s.type() instanceof ResourceType actual) {
            resources.put(abstractType, actual);
        } else if (imported instanceof ExternType.Instance i
                && supplied instanceof ExternType.Instance s) {
            for (var e : i.type().exports().entrySet()) {
                var given = s.type().exports().get(e.getKey());
                if (given != null) {
                    bind(e.getValue(), given);
                }
            }
        }
    }

    Map<String, ExternType> exports(Map<String, ExternType> exports) {
        if (resources.isEmpty()) {
            return exports;
        }
        var out = new LinkedHashMap<String, ExternType>();
        exports.forEach((name, type) -> out.put(name, extern(type)));
        return out;
    }

    private ExternType extern(ExternType t) {
        if (t instanceof ExternType.Func f) {
            return new ExternType.Func(func(f.type()));
        } else if (t instanceof ExternType.Instance i) {
            return new ExternType.Instance(new InstanceType(exports(i.type().exports())));
        } else if (t instanceof ExternType.Component c) {
            return new ExternType.Component(
                    new ComponentType(exports(c.type().imports()), exports(c.type().exports())));
        } else if (t instanceof ExternType.Type ty) {
            return new ExternType.Type(any(ty.type()));
        }
        return t;
    }

    private Object any(Object t) {
        if (t instanceof ResourceType rt) {
            return resources.getOrDefault(rt, rt);
        } else if (t instanceof ValType v) {
            return value(v);
        } else if (t instanceof FuncType f) {
            return func(f);
        } else if (t instanceof InstanceType i) {
            return new InstanceType(exports(i.exports()));
        }
        return t;
    }

    private FuncType func(FuncType f) {
        return new FuncType(
                f.params().stream().map(p -> new ValType.Field(p.name(), value(p.type()))).toList(),
                f.result() == null ? null : value(f.result()));
    }

    private ValType value(ValType t) {
        var known = done.get(t);
        if (known == null) {
            known = rebuild(t);
            done.put(t, known);
        }
        return known;
    }

    private ValType rebuild(ValType t) {
        if (t instanceof ValType.Own o) {
            return new ValType.Own(resources.getOrDefault(o.resource(), o.resource()));
        } else if (t instanceof ValType.Borrow b) {
            return new ValType.Borrow(resources.getOrDefault(b.resource(), b.resource()));
        } else if (t instanceof ValType.ListOf l) {
            return new ValType.ListOf(value(l.element()));
        } else if (t instanceof ValType.RecordOf r) {
            return new ValType.RecordOf(
                    r.fields().stream()
                            .map(f -> new ValType.Field(f.name(), value(f.type())))
                            .toList());
        } else if (t instanceof ValType.TupleOf tup) {
            return new ValType.TupleOf(tup.types().stream().map(this::value).toList());
        } else if (t instanceof ValType.VariantOf v) {
            return new ValType.VariantOf(
                    v.cases().stream()
                            .map(
                                    c ->
                                            new ValType.Case(
                                                    c.name(),
                                                    c.type() == null ? null : value(c.type())))
                            .toList());
        } else if (t instanceof ValType.OptionOf o) {
            return new ValType.OptionOf(value(o.type()));
        } else if (t instanceof ValType.ResultOf r) {
            return new ValType.ResultOf(
                    r.ok() == null ? null : value(r.ok()), r.err() == null ? null : value(r.err()));
        }
        return t;
    }
}
