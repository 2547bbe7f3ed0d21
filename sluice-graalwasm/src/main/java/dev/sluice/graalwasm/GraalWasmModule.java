package dev.sluice.graalwasm;

import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.component.engine.Module;
import java.util.List;
import java.util.Optional;

/**
 * A module GraalWasm's own {@link GraalWasmEngine#parse} parsed: Chicory's validation and
 * description of it, and its bytes until it is compiled (GraalWasm compiles from the binary).
 * Modules another engine parsed are compiled from the bytes the caller supplies at compile time.
 */
record GraalWasmModule(Module described, byte[] bytes) implements Module {

    @Override
    public List<Import> imports() {
        return described.imports();
    }

    @Override
    public List<Export> exports() {
        return described.exports();
    }

    @Override
    public Optional<MemoryLimits> memoryLimits() {
        return described.memoryLimits();
    }

    @Override
    public String digest() {
        return described.digest();
    }
}
