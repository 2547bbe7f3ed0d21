package dev.sluice.component.abi;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.engine.ValType;
import dev.sluice.component.types.ValType.Primitive;
import java.util.List;

/** Booleans, integers, floats and chars: one core value each. */
final class PrimitiveCodec extends Codec {

    private static final int CANONICAL_F32_NAN = 0x7fc00000;
    private static final long CANONICAL_F64_NAN = 0x7ff8000000000000L;

    private final Primitive type;

    PrimitiveCodec(Primitive type) {
        super(size(type), size(type), List.of(core(type)));
        this.type = type;
    }

    private static int size(Primitive t) {
        return switch (t) {
            case BOOL, S8, U8 -> 1;
            case S16, U16 -> 2;
            case S32, U32, F32, CHAR -> 4;
            case S64, U64, F64 -> 8;
            case STRING -> throw new IllegalArgumentException("strings have their own codec");
        };
    }

    private static ValType core(Primitive t) {
        return switch (t) {
            case S64, U64 -> ValType.I64;
            case F32 -> ValType.F32;
            case F64 -> ValType.F64;
            default -> ValType.I32;
        };
    }

    @Override
    void lower(CallContext cx, Object value, long[] out, int at) {
        out[at] = toCore(value);
    }

    @Override
    Object lift(CallContext cx, long[] in, int at) {
        return fromCore(in[at]);
    }

    /** The core value of a Java value: i32s sign-extended, floats as their raw bits. */
    long toCore(Object v) {
        return switch (type) {
            case BOOL -> ((Boolean) v) ? 1 : 0;
            case S8 -> checked(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case U8 -> checked(v, 0, 0xff);
            case S16 -> checked(v, Short.MIN_VALUE, Short.MAX_VALUE);
            case U16 -> checked(v, 0, 0xffff);
            case S32 -> checked(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case U32 -> (int) checked(v, 0, 0xffff_ffffL);
            case S64, U64 -> ((Number) v).longValue();
            case F32 -> Float.floatToRawIntBits(((Number) v).floatValue());
            case F64 -> Double.doubleToRawLongBits(((Number) v).doubleValue());
            case CHAR -> {
                int c = ((Number) v).intValue();
                if (!isScalar(c)) {
                    throw new IllegalArgumentException("not a Unicode scalar value: " + c);
                }
                yield c;
            }
            case STRING -> throw new IllegalStateException();
        };
    }

    Object fromCore(long v) {
        return switch (type) {
            case BOOL -> (int) v != 0;
            case S8 -> (int) (byte) v;
            case U8 -> (int) v & 0xff;
            case S16 -> (int) (short) v;
            case U16 -> (int) v & 0xffff;
            case S32 -> (int) v;
            case U32 -> v & 0xffff_ffffL;
            case S64, U64 -> v;
            case F32 -> {
                float f = Float.intBitsToFloat((int) v);
                yield Float.isNaN(f) ? Float.intBitsToFloat(CANONICAL_F32_NAN) : f;
            }
            case F64 -> {
                double d = Double.longBitsToDouble(v);
                yield Double.isNaN(d) ? Double.longBitsToDouble(CANONICAL_F64_NAN) : d;
            }
            case CHAR -> {
                int c = (int) v;
                if (!isScalar(c)) {
                    throw new ComponentTrap(
                            "char 0x" + Integer.toHexString(c) + " is not a Unicode scalar value");
                }
                yield c;
            }
            case STRING -> throw new IllegalStateException();
        };
    }

    private static boolean isScalar(int c) {
        return c >= 0 && c < 0x110000 && !(c >= 0xD800 && c <= 0xDFFF);
    }

    private long checked(Object v, long min, long max) {
        long x = ((Number) v).longValue();
        if (x < min || x > max) {
            throw new IllegalArgumentException(x + " is out of range for " + type.wit());
        }
        return x;
    }

    @Override
    void store(CallContext cx, Object value, int ptr) {
        var m = cx.memory();
        long v = toCore(value);
        switch (size) {
            case 1 -> m.writeByte(ptr, (byte) v);
            case 2 -> m.writeShort(ptr, (short) v);
            case 4 -> m.writeI32(ptr, (int) v);
            default -> m.writeLong(ptr, v);
        }
    }

    @Override
    Object load(CallContext cx, int ptr) {
        var m = cx.memory();
        long v =
                switch (size) {
                    case 1 -> m.read(ptr);
                    case 2 -> m.readShort(ptr);
                    case 4 -> m.readInt(ptr);
                    default -> m.readLong(ptr);
                };
        return fromCore(v);
    }
}
