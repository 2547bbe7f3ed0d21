package dev.sluice.component.abi;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.ResultValue;
import dev.sluice.component.VariantValue;
import dev.sluice.component.engine.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Variants and the types built like them — enum, option, result: a discriminant, then the case's
 * payload. Flat, the payload slots are shared by all cases, each slot of the widest type any case
 * puts there.
 */
final class VariantCodec extends Codec {

    /** How values of the type look in Java. */
    enum Kind {
        VARIANT,
        ENUM,
        OPTION,
        RESULT
    }

    private final Kind kind;
    private final List<String> names;
    private final Codec[] cases;
    private final int discriminantSize;
    private final int payloadOffset;

    /** Per case: whether its flat types are a prefix of the joined ones (no coercion needed). */
    private final boolean[] direct;

    VariantCodec(Kind kind, List<String> names, List<Codec> cases) {
        this(kind, names, cases.toArray(Codec[]::new), discriminantSize(cases.size()));
    }

    private VariantCodec(Kind kind, List<String> names, Codec[] cases, int discriminantSize) {
        super(
                layoutSize(cases, discriminantSize),
                Math.max(discriminantSize, maxAlignment(cases)),
                flat(cases));
        this.kind = kind;
        this.names = List.copyOf(names);
        this.cases = cases;
        this.discriminantSize = discriminantSize;
        this.payloadOffset = alignTo(discriminantSize, maxAlignment(cases));
        this.direct = new boolean[cases.length];
        for (int i = 0; i < cases.length; i++) {
            direct[i] =
                    cases[i] == null
                            || cases[i].flat.equals(flat.subList(1, 1 + cases[i].flat.size()));
        }
    }

    static int discriminantSize(int cases) {
        return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4;
    }

    private static int maxAlignment(Codec[] cases) {
        int a = 1;
        for (var c : cases) {
            if (c != null) {
                a = Math.max(a, c.alignment);
            }
        }
        return a;
    }

    private static int layoutSize(Codec[] cases, int discriminantSize) {
        int maxSize = 0;
        for (var c : cases) {
            if (c != null) {
                maxSize = Math.max(maxSize, c.size);
            }
        }
        int alignment = Math.max(discriminantSize, maxAlignment(cases));
        return alignTo(alignTo(discriminantSize, maxAlignment(cases)) + maxSize, alignment);
    }

    private static List<ValType> flat(Codec[] cases) {
        var joined = new ArrayList<ValType>();
        for (var c : cases) {
            if (c == null) {
                continue;
            }
            for (int i = 0; i < c.flat.size(); i++) {
                var t = c.flat.get(i);
                if (i < joined.size()) {
                    joined.set(i, join(joined.get(i), t));
                } else {
                    joined.add(t);
                }
            }
        }
        var out = new ArrayList<ValType>();
        out.add(ValType.I32);
        out.addAll(joined);
        return out;
    }

    private static ValType join(ValType a, ValType b) {
        if (a.equals(b)) {
            return a;
        }
        if ((a.equals(ValType.I32) && b.equals(ValType.F32))
                || (a.equals(ValType.F32) && b.equals(ValType.I32))) {
            return ValType.I32;
        }
        return ValType.I64;
    }

    private int caseOf(Object value) {
        return switch (kind) {
            case OPTION -> ((Optional<?>) value).isPresent() ? 1 : 0;
            case RESULT -> ((ResultValue) value).ok() ? 0 : 1;
            case ENUM -> index((String) value);
            case VARIANT -> index(((VariantValue) value).caseName());
        };
    }

    private int index(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no case " + name + " among " + names);
        }
        return i;
    }

    private static Object payloadOf(Kind kind, Object value) {
        return switch (kind) {
            case OPTION -> ((Optional<?>) value).orElse(null);
            case RESULT -> ((ResultValue) value).payload();
            case VARIANT -> ((VariantValue) value).payload();
            case ENUM -> null;
        };
    }

    private Object make(int index, Object payload) {
        return switch (kind) {
            case OPTION -> index == 0 ? Optional.empty() : Optional.of(payload);
            case RESULT -> new ResultValue(index == 0, payload);
            case VARIANT -> new VariantValue(names.get(index), payload);
            case ENUM -> names.get(index);
        };
    }

    private int checkedIndex(long discriminant) {
        if (Long.compareUnsigned(discriminant, cases.length) >= 0) {
            throw new ComponentTrap(
                    "discriminant "
                            + Long.toUnsignedString(discriminant)
                            + " is out of range for "
                            + switch (kind) {
                                case OPTION -> "an option (0 or 1)";
                                case RESULT -> "a result (0 or 1)";
                                case ENUM -> "enum {" + String.join(", ", names) + "}";
                                case VARIANT -> "variant {" + String.join(", ", names) + "}";
                            });
        }
        return (int) discriminant;
    }

    @Override
    void lower(CallContext cx, Object value, long[] out, int at) {
        int index = caseOf(value);
        out[at] = index;
        int slots = flat.size() - 1;
        var c = cases[index];
        int used = 0;
        if (c != null) {
            Object payload = payloadOf(kind, value);
            if (direct[index]) {
                c.lower(cx, payload, out, at + 1);
            } else {
                long[] own = new long[c.flat.size()];
                c.lower(cx, payload, own, 0);
                for (int i = 0; i < own.length; i++) {
                    out[at + 1 + i] = widen(own[i], c.flat.get(i), flat.get(1 + i));
                }
            }
            used = c.flat.size();
        }
        for (int i = used; i < slots; i++) {
            out[at + 1 + i] = 0;
        }
    }

    /** A case's core value in the wider slot the joined flattening gives it. */
    private static long widen(long v, ValType have, ValType want) {
        if (have.equals(want)) {
            return v;
        }
        // i32 and f32 bits travel zero-extended in an i64 slot; f32 in an i32 slot as its bits.
        if (have.equals(ValType.I32) || have.equals(ValType.F32)) {
            return want.equals(ValType.I64) ? v & 0xffff_ffffL : v;
        }
        return v;
    }

    /** The value of a case's core type read from a wider joined slot. */
    private static long narrow(long v, ValType have, ValType want) {
        if (have.equals(want)) {
            return v;
        }
        if (want.equals(ValType.I32) || want.equals(ValType.F32)) {
            return (int) v;
        }
        return v;
    }

    @Override
    Object lift(CallContext cx, long[] in, int at) {
        int index = checkedIndex(in[at] & 0xffff_ffffL);
        var c = cases[index];
        if (c == null) {
            return make(index, null);
        }
        if (direct[index]) {
            return make(index, c.lift(cx, in, at + 1));
        }
        long[] own = new long[c.flat.size()];
        for (int i = 0; i < own.length; i++) {
            own[i] = narrow(in[at + 1 + i], flat.get(1 + i), c.flat.get(i));
        }
        return make(index, c.lift(cx, own, 0));
    }

    @Override
    void store(CallContext cx, Object value, int ptr) {
        int index = caseOf(value);
        var m = cx.memory();
        switch (discriminantSize) {
            case 1 -> m.writeByte(ptr, (byte) index);
            case 2 -> m.writeShort(ptr, (short) index);
            default -> m.writeI32(ptr, index);
        }
        if (cases[index] != null) {
            cases[index].store(cx, payloadOf(kind, value), ptr + payloadOffset);
        }
    }

    @Override
    Object load(CallContext cx, int ptr) {
        var m = cx.memory();
        long discriminant =
                switch (discriminantSize) {
                    case 1 -> m.read(ptr) & 0xffL;
                    case 2 -> m.readShort(ptr) & 0xffffL;
                    default -> m.readInt(ptr) & 0xffff_ffffL;
                };
        int index = checkedIndex(discriminant);
        var c = cases[index];
        return make(index, c == null ? null : c.load(cx, ptr + payloadOffset));
    }
}
