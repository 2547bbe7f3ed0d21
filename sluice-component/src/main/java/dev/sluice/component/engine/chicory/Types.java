package dev.sluice.component.engine.chicory;

import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.component.engine.ValType;
import dev.sluice.component.engine.WasmMalformed;
import java.util.ArrayList;
import java.util.List;

/** Sluice's core types to Chicory's and back. */
final class Types {

    private Types() {}

    static FunctionType seam(com.dylibso.chicory.wasm.types.FunctionType type) {
        return new FunctionType(seam(type.params()), seam(type.returns()));
    }

    static com.dylibso.chicory.wasm.types.FunctionType chicory(FunctionType type) {
        return com.dylibso.chicory.wasm.types.FunctionType.of(
                chicory(type.params()), chicory(type.returns()));
    }

    private static List<ValType> seam(List<com.dylibso.chicory.wasm.types.ValType> types) {
        var out = new ArrayList<ValType>(types.size());
        for (var t : types) {
            out.add(seam(t));
        }
        return out;
    }

    private static List<com.dylibso.chicory.wasm.types.ValType> chicory(List<ValType> types) {
        var out = new ArrayList<com.dylibso.chicory.wasm.types.ValType>(types.size());
        for (var t : types) {
            out.add(chicory(t));
        }
        return out;
    }

    static ValType seam(com.dylibso.chicory.wasm.types.ValType t) {
        if (t.equals(com.dylibso.chicory.wasm.types.ValType.I32)) {
            return ValType.I32;
        } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.I64)) {
            return ValType.I64;
        } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.F32)) {
            return ValType.F32;
        } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.F64)) {
            return ValType.F64;
        } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.V128)) {
            return ValType.V128;
        } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.FuncRef)) {
            return ValType.FUNCREF;
        } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.ExternRef)) {
            return ValType.EXTERNREF;
        }
        throw new WasmMalformed(
                "an import or export uses the value type "
                        + t
                        + ", which Sluice does not support (only numbers, v128, funcref and"
                        + " externref cross into the host)");
    }

    static com.dylibso.chicory.wasm.types.ValType chicory(ValType t) {
        return switch (t) {
            case I32 -> com.dylibso.chicory.wasm.types.ValType.I32;
            case I64 -> com.dylibso.chicory.wasm.types.ValType.I64;
            case F32 -> com.dylibso.chicory.wasm.types.ValType.F32;
            case F64 -> com.dylibso.chicory.wasm.types.ValType.F64;
            case V128 -> com.dylibso.chicory.wasm.types.ValType.V128;
            case FUNCREF -> com.dylibso.chicory.wasm.types.ValType.FuncRef;
            case EXTERNREF -> com.dylibso.chicory.wasm.types.ValType.ExternRef;
        };
    }

    static MemoryLimits seam(com.dylibso.chicory.wasm.types.MemoryLimits limits) {
        return new MemoryLimits(limits.initialPages(), limits.maximumPages());
    }

    static com.dylibso.chicory.wasm.types.MemoryLimits chicory(MemoryLimits limits) {
        return new com.dylibso.chicory.wasm.types.MemoryLimits(
                limits.initialPages(), limits.maximumPages());
    }
}
