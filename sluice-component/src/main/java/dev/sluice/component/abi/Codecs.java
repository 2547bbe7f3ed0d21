package dev.sluice.component.abi;

import dev.sluice.component.types.ValType;
import java.util.ArrayList;
import java.util.List;

/** Builds the codec of a value type. */
final class Codecs {

    private Codecs() {}

    static Codec of(ValType t) {
        if (t instanceof ValType.Primitive p) {
            return p == ValType.Primitive.STRING ? new StringCodec() : new PrimitiveCodec(p);
        } else if (t instanceof ValType.ListOf l) {
            return new ListCodec(of(l.element()), l.element() == ValType.Primitive.U8);
        } else if (t instanceof ValType.RecordOf r) {
            return new RecordCodec(
                    r.fields().stream().map(ValType.Field::name).toList(),
                    r.fields().stream().map(f -> of(f.type())).toList());
        } else if (t instanceof ValType.TupleOf tup) {
            return tuple(tup.types());
        } else if (t instanceof ValType.VariantOf v) {
            var cases = new ArrayList<Codec>();
            v.cases().forEach(c -> cases.add(c.type() == null ? null : of(c.type())));
            return new VariantCodec(
                    VariantCodec.Kind.VARIANT,
                    v.cases().stream().map(ValType.Case::name).toList(),
                    cases);
        } else if (t instanceof ValType.EnumOf e) {
            var cases = new ArrayList<Codec>();
            e.names().forEach(n -> cases.add(null));
            return new VariantCodec(VariantCodec.Kind.ENUM, e.names(), cases);
        } else if (t instanceof ValType.OptionOf o) {
            var cases = new ArrayList<Codec>();
            cases.add(null);
            cases.add(of(o.type()));
            return new VariantCodec(VariantCodec.Kind.OPTION, List.of("none", "some"), cases);
        } else if (t instanceof ValType.ResultOf r) {
            var cases = new ArrayList<Codec>();
            cases.add(r.ok() == null ? null : of(r.ok()));
            cases.add(r.err() == null ? null : of(r.err()));
            return new VariantCodec(VariantCodec.Kind.RESULT, List.of("ok", "error"), cases);
        } else if (t instanceof ValType.FlagsOf f) {
            return new FlagsCodec(f.names());
        } else if (t instanceof ValType.Own o) {
            return new HandleCodec(o.resource(), true);
        }
        return new HandleCodec(((ValType.Borrow) t).resource(), false);
    }

    static RecordCodec tuple(List<ValType> types) {
        return new RecordCodec(null, types.stream().map(Codecs::of).toList());
    }
}
