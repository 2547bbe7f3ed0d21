package dev.sluice.component.binary;

import dev.sluice.component.abi.StringEncoding;
import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.ValType;
import dev.sluice.component.model.CanonOptionIndices;
import dev.sluice.component.types.FuncType;
import java.util.List;

/** Decodes and checks the options of canon lift and lower into {@link CanonOptionIndices}. */
final class CanonOptionsDecoder {

    private static final FunctionType REALLOC =
            FunctionType.of(
                    List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32),
                    List.of(ValType.I32));

    private static final int MAX_FLAT_PARAMS = 16;
    private static final int MAX_FLAT_RESULTS = 1;

    private CanonOptionsDecoder() {}

    static CanonOptionIndices read(Reader r, Scope scope, int at) {
        StringEncoding encoding = null;
        int memory = -1;
        int realloc = -1;
        int postReturn = -1;
        int n = r.count();
        for (int i = 0; i < n; i++) {
            int opt = r.u8();
            switch (opt) {
                case 0x00, 0x01, 0x02 -> {
                    if (encoding != null) {
                        throw r.error("more than one string-encoding option", at);
                    }
                    encoding = StringEncoding.values()[opt];
                }
                case 0x03 -> {
                    if (memory >= 0) {
                        throw r.error("more than one memory option", at);
                    }
                    memory = r.index();
                    TypeDecoder.index(r, scope.coreMemories, memory, "core memory", at);
                }
                case 0x04 -> {
                    if (realloc >= 0) {
                        throw r.error("more than one realloc option", at);
                    }
                    realloc = r.index();
                    var f = TypeDecoder.index(r, scope.coreFuncs, realloc, "core func", at);
                    var type = ComponentDecoder.coreFuncType(f);
                    if (!REALLOC.equals(type)) {
                        throw r.error(
                                "realloc must have type (i32, i32, i32, i32) -> i32, not " + type,
                                at);
                    }
                }
                case 0x05 -> {
                    if (postReturn >= 0) {
                        throw r.error("more than one post-return option", at);
                    }
                    postReturn = r.index();
                    TypeDecoder.index(r, scope.coreFuncs, postReturn, "core func", at);
                }
                case 0x06, 0x07 -> throw r.error("async canon options are not supported", at);
                default -> throw r.error("unknown canon option 0x" + Integer.toHexString(opt), at);
            }
        }
        return new CanonOptionIndices(
                encoding == null ? StringEncoding.UTF8 : encoding, memory, realloc, postReturn);
    }

    /** Checks the options give what values of {@code type} need to cross the boundary. */
    static void check(
            Reader r, Scope scope, CanonOptionIndices opts, FuncType type, boolean lift, int at) {
        String what = lift ? "canon lift" : "canon lower";
        int flatParams = 0;
        boolean paramsUseMemory = false;
        for (var p : type.params()) {
            flatParams += Flat.count(p.type());
            paramsUseMemory |= Flat.usesMemory(p.type());
        }
        int flatResults = type.result() == null ? 0 : Flat.count(type.result());
        boolean resultUsesMemory = type.result() != null && Flat.usesMemory(type.result());
        boolean spillsParams = flatParams > MAX_FLAT_PARAMS;
        boolean spillsResults = flatResults > MAX_FLAT_RESULTS;
        boolean needsMemory = paramsUseMemory || resultUsesMemory || spillsParams || spillsResults;
        // Whoever receives strings or lists, or spilled parameters, allocates them in the guest.
        boolean needsRealloc = lift ? paramsUseMemory || spillsParams : resultUsesMemory;
        if (needsMemory && opts.memory() < 0) {
            throw r.error(what + ": the function's type needs a memory option", at);
        }
        if (needsRealloc && opts.realloc() < 0) {
            throw r.error(what + ": the function's type needs a realloc option", at);
        }
    }
}
