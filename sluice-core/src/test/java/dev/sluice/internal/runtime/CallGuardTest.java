package dev.sluice.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.component.engine.WasmTrap;
import dev.sluice.internal.contract.CallLimitExceeded;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallGuardTest {

    private static CallFailed failure(RuntimeException orNull, Error error) {
        return catchThrowableOfType(
                CallFailed.class,
                () ->
                        CallGuard.run(
                                "on-record",
                                Duration.ofSeconds(5),
                                () -> {
                                    if (error != null) {
                                        throw error;
                                    }
                                    throw orNull;
                                }));
    }

    @Test
    void runningOutOfHeapIsTheHostsFailureNotThePlugins() {
        var failed = failure(null, new OutOfMemoryError("Java heap space"));

        assertThat(failed.blame()).isEqualTo(CallFailed.Blame.HOST);
        assertThat(failed.getMessage()).contains("ran out of heap memory");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aBugInHostCodeIsTheHosts() {
        var failed = failure(new NullPointerException("host bug"), null);

        assertThat(failed.blame()).isEqualTo(CallFailed.Blame.HOST);
        assertThat(failed.getMessage()).startsWith("failed in the host");
    }

    @Test
    void aTrapIsThePlugins() {
        var failed = failure(new WasmTrap("out of bounds memory access"), null);

        assertThat(failed.blame()).isEqualTo(CallFailed.Blame.PLUGIN);
        assertThat(failed.getMessage()).isEqualTo("trapped: out of bounds memory access");
    }

    @Test
    void goingPastAPerCallLimitInAHostFunctionIsThePlugins() {
        var failed =
                failure(new CallLimitExceeded("fd_write: wrote more than 1048576 bytes"), null);

        assertThat(failed.blame()).isEqualTo(CallFailed.Blame.PLUGIN);
        assertThat(failed.getMessage())
                .isEqualTo("exceeded a per-call limit: fd_write: wrote more than 1048576 bytes");
    }
}
