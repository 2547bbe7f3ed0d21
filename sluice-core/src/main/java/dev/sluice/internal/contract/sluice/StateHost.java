package dev.sluice.internal.contract.sluice;

import dev.sluice.component.Linker;
import dev.sluice.component.ResultValue;
import dev.sluice.internal.services.state.StateRefused;
import dev.sluice.internal.services.state.StateService;
import java.util.function.Supplier;

/**
 * The world's {@code state} interface over the plugin's {@link StateService}: each function returns
 * {@code ok} with its value, or {@code err} with the refusal's message (no permission, a limit, not
 * a counter, the store down) — never a trap.
 */
final class StateHost {

    private StateHost() {}

    static void define(Linker linker, StateService state) {
        linker.function(
                SluiceWorld.STATE, "get", args -> answer(() -> state.get((String) args[0])));
        linker.function(
                SluiceWorld.STATE,
                "set",
                args ->
                        answer(
                                () -> {
                                    state.set((String) args[0], (byte[]) args[1]);
                                    return null;
                                }));
        linker.function(
                SluiceWorld.STATE,
                "delete",
                args ->
                        answer(
                                () -> {
                                    state.delete((String) args[0]);
                                    return null;
                                }));
        linker.function(
                SluiceWorld.STATE,
                "increment",
                args -> answer(() -> state.increment((String) args[0], (Long) args[1])));
    }

    private static ResultValue answer(Supplier<Object> call) {
        try {
            return ResultValue.ok(call.get());
        } catch (StateRefused e) {
            return ResultValue.err(e.getMessage());
        }
    }
}
