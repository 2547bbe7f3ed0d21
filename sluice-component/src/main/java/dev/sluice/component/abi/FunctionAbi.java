package dev.sluice.component.abi;

import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.ValType;
import dev.sluice.component.types.FuncType;
import java.util.ArrayList;
import java.util.List;

/**
 * How calls of one function type cross the boundary: the core signature on each side, and the
 * conversions of arguments and results. Made once per function; a call only walks its values.
 *
 * <p>At most 16 core parameters and 1 core result travel flat; beyond that the parameters are
 * spilled into memory as a tuple and the result returned through a pointer.
 */
public final class FunctionAbi {

    static final int MAX_FLAT_PARAMS = 16;
    static final int MAX_FLAT_RESULTS = 1;

    /** No core results: shared, since nothing can be written into an empty array. */
    private static final long[] NO_VALUES = new long[0];

    private final Codec[] params;
    private final int[] paramOffsets;
    private final RecordCodec paramTuple;
    private final boolean spillParams;
    private final Codec result;
    private final boolean resultInMemory;
    private final FunctionType lifted;
    private final FunctionType lowered;

    private FunctionAbi(FuncType type) {
        this.params = type.paramTypes().stream().map(Codecs::of).toArray(Codec[]::new);
        this.paramOffsets = new int[params.length];
        var flatParams = new ArrayList<ValType>();
        for (int i = 0; i < params.length; i++) {
            paramOffsets[i] = flatParams.size();
            flatParams.addAll(params[i].flat);
        }
        this.paramTuple = Codecs.tuple(type.paramTypes());
        this.spillParams = flatParams.size() > MAX_FLAT_PARAMS;
        this.result = type.result() == null ? null : Codecs.of(type.result());
        this.resultInMemory = result != null && result.flat.size() > MAX_FLAT_RESULTS;

        List<ValType> coreParams = spillParams ? List.of(ValType.I32) : flatParams;
        List<ValType> coreResults =
                result == null ? List.of() : resultInMemory ? List.of(ValType.I32) : result.flat;
        this.lifted = FunctionType.of(coreParams, coreResults);
        var loweredParams = new ArrayList<>(coreParams);
        if (resultInMemory) {
            loweredParams.add(ValType.I32);
        }
        this.lowered = FunctionType.of(loweredParams, resultInMemory ? List.of() : coreResults);
    }

    public static FunctionAbi of(FuncType type) {
        return new FunctionAbi(type);
    }

    /** The type the core function given to {@code canon lift} must have. */
    public FunctionType liftedCoreType() {
        return lifted;
    }

    /** The type of the core function {@code canon lower} makes. */
    public FunctionType loweredCoreType() {
        return lowered;
    }

    /** Arguments of a call into the guest, as the lifted core function takes them. */
    public long[] lowerArgs(CallContext cx, Object[] args) {
        checkArity(args);
        if (spillParams) {
            int ptr = cx.allocate(paramTuple.alignment, paramTuple.size, "the spilled parameters");
            paramTuple.storeAll(cx, args, ptr);
            return new long[] {ptr};
        }
        long[] out = new long[lifted.params().size()];
        for (int i = 0; i < params.length; i++) {
            params[i].lower(cx, args[i], out, paramOffsets[i]);
        }
        return out;
    }

    /** The result of a call into the guest, from what the core function returned. */
    public Object liftResult(CallContext cx, long[] coreResults) {
        if (result == null) {
            return null;
        }
        if (resultInMemory) {
            int ptr = (int) coreResults[0];
            cx.check(ptr, result.size, result.alignment, "the returned value");
            return result.load(cx, ptr);
        }
        return result.lift(cx, coreResults, 0);
    }

    /** The arguments of a host function the guest called, from its core arguments. */
    public Object[] liftArgs(CallContext cx, long[] coreArgs) {
        if (spillParams) {
            int ptr = (int) coreArgs[0];
            cx.check(ptr, paramTuple.size, paramTuple.alignment, "the spilled parameters");
            return paramTuple.loadAll(cx, ptr);
        }
        var values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            values[i] = params[i].lift(cx, coreArgs, paramOffsets[i]);
        }
        return values;
    }

    /**
     * The core results of a host function the guest called; a result too big to travel flat is
     * stored through the pointer the guest passed as its last argument.
     */
    public long[] lowerResult(CallContext cx, Object value, long[] coreArgs) {
        if (result == null) {
            return NO_VALUES;
        }
        if (resultInMemory) {
            int ptr = (int) coreArgs[coreArgs.length - 1];
            cx.check(ptr, result.size, result.alignment, "the return area");
            result.store(cx, value, ptr);
            return NO_VALUES;
        }
        long[] out = new long[result.flat.size()];
        result.lower(cx, value, out, 0);
        return out;
    }

    private void checkArity(Object[] args) {
        if (args.length != params.length) {
            throw new IllegalArgumentException(
                    "the function takes " + params.length + " arguments, not " + args.length);
        }
    }
}
