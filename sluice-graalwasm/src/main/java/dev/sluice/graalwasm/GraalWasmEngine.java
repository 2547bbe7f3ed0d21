package dev.sluice.graalwasm;

import dev.sluice.component.engine.Code;
import dev.sluice.component.engine.CodeOptions;
import dev.sluice.component.engine.Engine;
import dev.sluice.component.engine.HostFunction;
import dev.sluice.component.engine.Memory;
import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.component.engine.Module;
import dev.sluice.component.engine.WasmMalformed;
import dev.sluice.component.engine.chicory.ChicoryEngine;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Supplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * GraalWasm (GraalVM 25, JDK 21+) behind the seam. One polyglot engine per JVM holds the code: each
 * module is parsed once and what Truffle compiles of it is shared by all its instances, each of
 * which runs in a polyglot context of its own (isolation: memories, tables and globals are per
 * context). Truffle compiles hot guest code to machine code only when the Graal compiler is on the
 * JVM's upgrade module path ({@link #optimizing()}); otherwise it interprets, much more slowly than
 * Chicory.
 *
 * <p>Validation and the description of a module (imports, exports, memory) are Chicory's parser's,
 * as for every engine. Deadlines: interrupting a calling thread cancels its context ({@link
 * Interrupts}). Memory caps: the module's declared maximum is lowered in its bytes.
 */
public final class GraalWasmEngine implements Engine {

    /** The polyglot engine every GraalWasm module of the JVM is compiled in. */
    private static final class Shared {
        static final org.graalvm.polyglot.Engine ENGINE =
                org.graalvm.polyglot.Engine.newBuilder("wasm")
                        // The mode is reported by optimizing() and in the log; no stderr banner.
                        .option("engine.WarnInterpreterOnly", "false")
                        // Memories as direct byte buffers (GraalWasmMemory): the only bulk write
                        // GraalWasm 25 offers the host. Both options are marked experimental.
                        .allowExperimentalOptions(true)
                        .option("wasm.UseUnsafeMemory", "true")
                        .option("wasm.DirectByteBufferMemoryAccess", "true")
                        .build();
    }

    private static final GraalWasmEngine INSTANCE = new GraalWasmEngine();

    private final Engine parser = ChicoryEngine.interpreter();

    private GraalWasmEngine() {}

    /** The engine (stateless but for the JVM-wide polyglot engine it compiles in). */
    public static GraalWasmEngine get() {
        return INSTANCE;
    }

    /**
     * Truffle's runtime: "GraalVM CE" when the Graal compiler is there to compile guest code,
     * "Interpreted" when it is not.
     */
    public String implementationName() {
        return Shared.ENGINE.getImplementationName();
    }

    /** Whether guest code is compiled to machine code (the Graal JIT is active). */
    public boolean optimizing() {
        return !implementationName().equalsIgnoreCase("Interpreted");
    }

    /** With the JIT, Truffle compiles what runs hot while it interprets it. */
    @Override
    public boolean compilesInBackground() {
        return optimizing();
    }

    @Override
    public String name() {
        return "graalwasm";
    }

    @Override
    public Module parse(byte[] bytes) {
        return new GraalWasmModule(parser.parse(bytes), bytes);
    }

    @Override
    public Module parseTrusted(byte[] bytes, String digest) {
        return new GraalWasmModule(parser.parseTrusted(bytes, digest), bytes);
    }

    /** Described only: GraalWasm validates every body when {@link #compile} parses the binary. */
    @Override
    public Module describe(byte[] bytes, String digest) {
        return new GraalWasmModule(parser.describe(bytes, digest), bytes);
    }

    @Override
    public Code compile(Module module, CodeOptions options) {
        if (!(module instanceof GraalWasmModule own)) {
            throw new IllegalArgumentException(
                    "GraalWasm compiles from a module's bytes: a module another engine parsed needs"
                            + " compile(module, bytes, options)");
        }
        return compile(own.described(), own.bytes(), options);
    }

    @Override
    public Code compile(Module module, Supplier<byte[]> bytes, CodeOptions options) {
        if (module instanceof GraalWasmModule own) {
            return compile(own.described(), own.bytes(), options);
        }
        return compile(module, bytes.get(), options);
    }

    private Code compile(Module module, byte[] bytes, CodeOptions options) {
        byte[] runs =
                options.memoryLimits() == null
                        ? bytes
                        : WasmBinary.capped(
                                bytes, options.memoryLimits(), "plugin " + options.owner());
        // The source keeps the bytes as long as instances can be made: GraalWasm parses them in
        // each new context (from its engine-wide cache after the first).
        var source =
                Source.newBuilder("wasm", ByteSequence.create(runs), options.owner() + ".wasm")
                        .buildLiteral();
        // Parsed now, at load, not inside the first instance's (time-limited) instantiation.
        try (var context = newContext()) {
            context.context.eval(source);
        } catch (PolyglotException e) {
            throw new WasmMalformed("GraalWasm cannot parse the module: " + e.getMessage(), e);
        }
        return new GraalWasmCode(module, source, this::newContext, options.callStartExport());
    }

    private GraalWasmContext newContext() {
        return new GraalWasmContext(
                Context.newBuilder("wasm")
                        .engine(Shared.ENGINE)
                        // Only for GraalWasm's own embedder API (mem_grow); guest code sees none.
                        .allowPolyglotAccess(PolyglotAccess.ALL)
                        .build());
    }

    @Override
    public List<HostFunction> wasiPreview1(OutputStream stdout, OutputStream stderr) {
        return Wasi.functions(stdout, stderr);
    }

    @Override
    public Memory newMemory(MemoryLimits limits) {
        var context = newContext();
        var memory =
                context.webAssembly()
                        .getMember("mem_alloc")
                        .execute(limits.initialPages(), limits.maximumPages());
        return new GraalWasmMemory(memory, context);
    }
}
