package dev.sluice.component.runtime;

import dev.sluice.component.DirectCall;
import dev.sluice.component.abi.CallContext;
import dev.sluice.component.abi.FunctionAbi;
import dev.sluice.component.abi.ResolvedCanonOptions;
import dev.sluice.component.engine.WasmFunction;
import dev.sluice.component.types.FuncType;

/** {@code canon lift}: a core function called with component values. */
final class LiftedFunction implements RtFunc {

    private final FuncType type;
    private final FunctionAbi abi;
    private final WasmFunction core;
    private final WasmFunction postReturn;
    private final ResolvedCanonOptions options;
    private final ComponentState state;

    LiftedFunction(
            FuncType type,
            WasmFunction core,
            WasmFunction postReturn,
            ResolvedCanonOptions options,
            ComponentState state) {
        this.type = type;
        this.abi = FunctionAbi.of(type);
        this.core = core;
        this.postReturn = postReturn;
        this.options = options;
        this.state = state;
    }

    @Override
    public FuncType type() {
        return type;
    }

    @Override
    public Object call(Object... args) {
        return callDirect(
                new DirectCall<>() {
                    @Override
                    public long[] lower(CallContext cx) {
                        return abi.lowerArgs(cx, args);
                    }

                    @Override
                    public Object lift(CallContext cx, long[] results) {
                        return abi.liftResult(cx, results);
                    }
                });
    }

    @Override
    public <R> R callDirect(DirectCall<R> call) {
        state.enter();
        try {
            var cx = new CallContext(options, state.table);
            long[] results = core.apply(call.lower(cx));
            R result = call.lift(cx, results);
            if (postReturn != null) {
                postReturn.apply(results == null ? new long[0] : results);
            }
            cx.exitCall();
            return result;
        } finally {
            state.leave();
        }
    }
}
