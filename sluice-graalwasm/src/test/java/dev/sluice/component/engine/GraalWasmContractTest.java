package dev.sluice.component.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.graalwasm.GraalWasmEngine;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * GraalWasm against the contract every engine behind the seam keeps: every test of {@link
 * EngineContractTest} (from sluice-component's test-jar), with this engine. It lives here, not in
 * sluice-component's list, because sluice-component is built for Java 17 and GraalWasm needs 21.
 */
class GraalWasmContractTest extends EngineContractTest {

    /** Hides the parent's: JUnit looks the method source up from this class first. */
    static Stream<Engine> engines() {
        return Stream.of(GraalWasmEngine.get());
    }

    @Test
    void aClosedInstancesMemoryIsNeverTouchedAgain() {
        var instance = trap(GraalWasmEngine.get(), (i, args) -> null);
        var memory = instance.memory();
        memory.writeI32(16, 7);

        instance.close();

        assertThatThrownBy(() -> memory.readInt(16))
                .isInstanceOf(WasmInterrupted.class)
                .hasMessageContaining("closed");
    }
}
