package dev.sluice.graalwasm;

import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.ValType;
import dev.sluice.component.engine.WasmLinkError;
import java.util.List;
import org.graalvm.polyglot.Value;

/**
 * Core values between the seam (longs: i32 in the low bits, floats as their bits) and the polyglot
 * API (boxed Java numbers).
 */
final class Values {

    private Values() {}

    static Object[] toGuest(List<ValType> types, long[] args) {
        var out = new Object[types.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toGuest(types.get(i), args[i]);
        }
        return out;
    }

    static Object toGuest(ValType type, long value) {
        return switch (type) {
            case I32 -> (int) value;
            case I64 -> value;
            case F32 -> Float.intBitsToFloat((int) value);
            case F64 -> Double.longBitsToDouble(value);
            default ->
                    throw new WasmLinkError(
                            "GraalWasm passes only numbers between host and guest, not " + type);
        };
    }

    static long toHost(ValType type, Value value) {
        return switch (type) {
            case I32 -> value.asInt();
            case I64 -> value.asLong();
            case F32 -> Float.floatToRawIntBits(value.asFloat());
            case F64 -> Double.doubleToRawLongBits(value.asDouble());
            default ->
                    throw new WasmLinkError(
                            "GraalWasm passes only numbers between host and guest, not " + type);
        };
    }

    private static final long[] NONE = new long[0];

    /** A guest call's results. */
    static long[] results(FunctionType type, Value result) {
        var returns = type.returns();
        if (returns.isEmpty()) {
            return NONE;
        }
        if (returns.size() == 1) {
            return new long[] {toHost(returns.get(0), result)};
        }
        var out = new long[returns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toHost(returns.get(i), result.getArrayElement(i));
        }
        return out;
    }

    /** The only types GraalWasm's host functions can pass: numbers. */
    static void checkNumeric(String what, FunctionType type) {
        for (var list : List.of(type.params(), type.returns())) {
            for (var t : list) {
                if (t != ValType.I32 && t != ValType.I64 && t != ValType.F32 && t != ValType.F64) {
                    throw new WasmLinkError(
                            what + " has type " + type + "; GraalWasm passes only numbers");
                }
            }
        }
    }
}
