package dev.sluice.component.binary;

import dev.sluice.component.types.ValType;

/** How many core values a type flattens to, and whether its values live in linear memory. */
final class Flat {

    private Flat() {}

    static int count(ValType t) {
        if (t instanceof ValType.Primitive p) {
            return p == ValType.Primitive.STRING ? 2 : 1;
        } else if (t instanceof ValType.ListOf) {
            return 2;
        } else if (t instanceof ValType.RecordOf rec) {
            return rec.fields().stream().mapToInt(f -> count(f.type())).sum();
        } else if (t instanceof ValType.TupleOf tup) {
            return tup.types().stream().mapToInt(Flat::count).sum();
        } else if (t instanceof ValType.VariantOf v) {
            return 1
                    + v.cases().stream()
                            .mapToInt(c -> c.type() == null ? 0 : count(c.type()))
                            .max()
                            .orElse(0);
        } else if (t instanceof ValType.OptionOf o) {
            return 1 + count(o.type());
        } else if (t instanceof ValType.ResultOf res) {
            return 1
                    + Math.max(
                            res.ok() == null ? 0 : count(res.ok()),
                            res.err() == null ? 0 : count(res.err()));
        }
        return 1;
    }

    static boolean usesMemory(ValType t) {
        if (t instanceof ValType.Primitive p) {
            return p == ValType.Primitive.STRING;
        } else if (t instanceof ValType.ListOf) {
            return true;
        } else if (t instanceof ValType.RecordOf rec) {
            return rec.fields().stream().anyMatch(f -> usesMemory(f.type()));
        } else if (t instanceof ValType.TupleOf tup) {
            return tup.types().stream().anyMatch(Flat::usesMemory);
        } else if (t instanceof ValType.VariantOf v) {
            return v.cases().stream().anyMatch(c -> c.type() != null && usesMemory(c.type()));
        } else if (t instanceof ValType.OptionOf o) {
            return usesMemory(o.type());
        } else if (t instanceof ValType.ResultOf res) {
            return (res.ok() != null && usesMemory(res.ok()))
                    || (res.err() != null && usesMemory(res.err()));
        }
        return false;
    }
}
