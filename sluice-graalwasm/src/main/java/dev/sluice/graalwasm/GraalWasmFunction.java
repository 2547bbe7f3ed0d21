package dev.sluice.graalwasm;

import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.WasmFunction;
import dev.sluice.component.engine.WasmInterrupted;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * An exported GraalWasm function. A call is watched by {@link Interrupts} so that interrupting its
 * thread stops it; a thread already interrupted does not start one.
 */
record GraalWasmFunction(Value function, FunctionType type, GraalWasmContext context)
        implements WasmFunction {

    @Override
    public long[] apply(long... args) {
        if (Thread.currentThread().isInterrupted()) {
            throw new WasmInterrupted("the call was not started: its thread was interrupted");
        }
        var slot = Interrupts.slot();
        var previous = slot.enter(context);
        try {
            return Values.results(type, function.execute(Values.toGuest(type.params(), args)));
        } catch (PolyglotException e) {
            if (context.cancelled() && !e.isHostException()) {
                // The context is being closed under the call: what it failed with is the cancel.
                throw new WasmInterrupted(
                        "the call was stopped: its thread was interrupted (" + e.getMessage() + ")",
                        e);
            }
            throw Errors.map(e);
        } catch (IllegalStateException e) {
            if (context.cancelled()) {
                throw new WasmInterrupted(
                        "the instance was stopped by an earlier interrupt and is closed", e);
            }
            throw e;
        } finally {
            slot.leave(previous);
        }
    }
}
