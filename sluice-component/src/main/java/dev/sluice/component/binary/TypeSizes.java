package dev.sluice.component.binary;

import dev.sluice.component.model.ComponentType;
import dev.sluice.component.model.ExternType;
import dev.sluice.component.model.InstanceType;
import dev.sluice.component.types.FuncType;
import dev.sluice.component.types.ValType;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The depth and size of every type one decoding builds, remembered by identity: types are built
 * from types already measured, so measuring a new one looks at its direct parts only, and a type
 * shared many times is walked once. See {@link Limits#MAX_TYPE_DEPTH} and {@link
 * Limits#MAX_TYPE_SIZE}.
 */
final class TypeSizes {

    /** Depth and size of one type. */
    record Measure(int depth, long size) {
        static final Measure LEAF = new Measure(1, 1);

        Measure plus(Measure part) {
            return new Measure(
                    Math.max(depth, part.depth + 1),
                    Math.min(size + part.size, Long.MAX_VALUE / 2));
        }
    }

    private final Map<Object, Measure> measured = new IdentityHashMap<>();

    /**
     * Checks a type just built ({@link ValType}, {@link FuncType}, {@link InstanceType}, {@link
     * ComponentType}, resource, or an {@link ExternType} of one) against the limits.
     *
     * @throws dev.sluice.component.ComponentDecodeException at {@code at} when it is too deep or
     *     too large
     */
    void check(Reader r, Object type, int at) {
        var m = measure(type);
        if (m.depth() > Limits.MAX_TYPE_DEPTH) {
            throw r.error(
                    "type nested "
                            + m.depth()
                            + " levels deep, more than the limit of "
                            + Limits.MAX_TYPE_DEPTH,
                    at);
        }
        if (m.size() > Limits.MAX_TYPE_SIZE) {
            throw r.error(
                    "type too large: "
                            + m.size()
                            + " parts when written out, more than the limit of "
                            + Limits.MAX_TYPE_SIZE,
                    at);
        }
    }

    private Measure measure(Object type) {
        if (type == null) {
            return new Measure(0, 0);
        }
        var known = measured.get(type);
        if (known != null) {
            return known;
        }
        var m = Measure.LEAF;
        // Only types not yet measured are walked into, and their parts were checked when built,
        // so this recursion stays within the depth limit.
        if (type instanceof ExternType.Func f) {
            m = measure(f.type());
        } else if (type instanceof ExternType.Instance i) {
            m = measure(i.type());
        } else if (type instanceof ExternType.Component c) {
            m = measure(c.type());
        } else if (type instanceof ExternType.Type t) {
            m = measure(t.type());
        } else if (type instanceof InstanceType i) {
            m = exports(m, i.exports());
        } else if (type instanceof ComponentType c) {
            m = exports(exports(m, c.imports()), c.exports());
        } else if (type instanceof FuncType f) {
            for (var p : f.params()) {
                m = m.plus(measure(p.type()));
            }
            m = f.result() == null ? m : m.plus(measure(f.result()));
        } else if (type instanceof ValType.ListOf l) {
            m = m.plus(measure(l.element()));
        } else if (type instanceof ValType.OptionOf o) {
            m = m.plus(measure(o.type()));
        } else if (type instanceof ValType.RecordOf rec) {
            for (var f : rec.fields()) {
                m = m.plus(measure(f.type()));
            }
        } else if (type instanceof ValType.TupleOf tup) {
            for (var t : tup.types()) {
                m = m.plus(measure(t));
            }
        } else if (type instanceof ValType.VariantOf v) {
            for (var c : v.cases()) {
                m = m.plus(c.type() == null ? Measure.LEAF : measure(c.type()));
            }
        } else if (type instanceof ValType.ResultOf res) {
            m = res.ok() == null ? m : m.plus(measure(res.ok()));
            m = res.err() == null ? m : m.plus(measure(res.err()));
        }
        // Anything else (primitives, enums, flags, handles, resources, core modules) is a leaf.
        measured.put(type, m);
        return m;
    }

    private Measure exports(Measure m, Map<String, ExternType> items) {
        for (var e : items.values()) {
            m = m.plus(measure(e));
        }
        return m;
    }
}
