package dev.sluice.graalwasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * With the flags this module's tests run with (the Graal compiler on the upgrade module path, JVMCI
 * enabled, Truffle on the module path: what docs/embedding.md gives embedders), Truffle compiles
 * guest code; without them it would silently interpret, 35 times slower than Chicory.
 */
class GraalWasmJitTest {

    @Test
    void theGraalCompilerIsActiveWithTheDocumentedFlags() {
        assumeTrue(
                Boolean.getBoolean("sluice.graalwasm.expectJit"),
                "run without the JIT flags (not by this module's surefire)");
        assertThat(GraalWasmEngine.get().implementationName()).isEqualTo("GraalVM CE");
        assertThat(GraalWasmEngine.get().optimizing()).isTrue();
    }
}
