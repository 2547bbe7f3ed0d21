package dev.sluice.component.runtime;

import dev.sluice.component.HostFunc;
import dev.sluice.component.types.FuncType;

/** A function the host implements, as the component imported it. */
record HostFunction(String name, FuncType type, HostFunc impl) implements RtFunc {
    @Override
    public Object call(Object... args) {
        return impl.call(args);
    }
}
