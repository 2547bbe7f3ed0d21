package dev.sluice.component.engine;

import dev.sluice.graalwasm.GraalWasmEngine;
import java.util.stream.Stream;

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
}
