package dev.sluice.component.runtime;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.abi.CallContext;
import dev.sluice.component.abi.FunctionAbi;
import dev.sluice.component.abi.ResolvedCanonOptions;
import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.WasmFunction;

/** {@code canon lower}: a component function called by core code with core values. */
final class LoweredFunction implements WasmFunction {

    private final RtFunc target;
    private final FunctionAbi abi;
    private final FunctionType type;
    private final ResolvedCanonOptions options;
    private final ComponentState state;

    LoweredFunction(RtFunc target, ResolvedCanonOptions options, ComponentState state) {
        this.target = target;
        this.abi = FunctionAbi.of(target.type());
        this.type = abi.loweredCoreType();
        this.options = options;
        this.state = state;
    }

    @Override
    public FunctionType type() {
        return type;
    }

    @Override
    public long[] apply(long... args) {
        var cx = new CallContext(options, state.table);
        Object[] lifted;
        try {
            lifted = abi.liftArgs(cx, args);
        } catch (ComponentTrap e) {
            // The component passed a bad value: say to which function, so its author can look.
            String name = target instanceof HostFunction h ? h.name() : "an imported function";
            throw new ComponentTrap("calling " + name + ": " + e.getMessage(), e);
        }
        Object result = target.call(lifted);
        long[] out = abi.lowerResult(cx, result, args);
        cx.exitCall();
        return out;
    }
}
