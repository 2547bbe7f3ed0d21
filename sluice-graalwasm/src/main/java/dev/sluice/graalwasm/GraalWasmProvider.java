package dev.sluice.graalwasm;

import dev.sluice.component.engine.Engine;
import dev.sluice.component.engine.EngineLog;
import dev.sluice.component.engine.EngineProvider;

/**
 * GraalWasm for hosts that find engines by {@link java.util.ServiceLoader} (Sluice's {@code engine:
 * graalwasm} and {@code auto}). The module is compiled for Java 21, so a JDK 17 cannot even load
 * this class: there the host finds no provider.
 */
public final class GraalWasmProvider implements EngineProvider {

    @Override
    public String name() {
        return "graalwasm";
    }

    @Override
    public boolean available() {
        return unavailableReason() == null;
    }

    @Override
    public String unavailableReason() {
        try {
            GraalWasmEngine.get().implementationName();
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "GraalWasm cannot start in this JVM: " + e;
        }
    }

    @Override
    public Engine engine(EngineLog log) {
        return GraalWasmEngine.get();
    }

    @Override
    public String mode() {
        var engine = GraalWasmEngine.get();
        return engine.optimizing()
                ? engine.implementationName() + ", Graal JIT"
                : "interpreted only: run the JVM with the Graal compiler (docs/embedding.md) for"
                        + " compiled code";
    }
}
