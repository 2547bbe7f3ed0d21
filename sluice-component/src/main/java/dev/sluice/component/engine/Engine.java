package dev.sluice.component.engine;

import java.io.OutputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * A WebAssembly engine behind Sluice's seam: it parses modules, compiles each once, and makes
 * instances from the compiled code. Nothing above the seam sees the engine's own types.
 *
 * <p>Deadlines: a call is stopped by interrupting the thread that runs it. The engine notices
 * between guest instructions and fails the call with {@link WasmInterrupted}; the instance is then
 * discarded. Memory caps: {@link CodeOptions#memoryLimits()} lowers what the module declares.
 */
public interface Engine {

    /** A short name for logs and inspection ({@code chicory-compiler}…). */
    String name();

    /**
     * Parses and validates a module.
     *
     * @throws WasmMalformed naming what is wrong with it
     */
    Module parse(byte[] bytes);

    /**
     * Parses bytes whose compiled code the cache holds under {@code digest}: they were validated
     * when that code was made, so an engine may skip validation and decoding what the cached code
     * does not need.
     */
    Module parseTrusted(byte[] bytes, String digest);

    /**
     * Reads what a module imports, exports and declares without decoding or validating its function
     * bodies, for a module an engine that validates every module itself will compile (GraalWasm
     * does, as it parses the binary). Compiling the result on this engine validates it in full
     * first, so nothing unvalidated ever runs.
     *
     * @param digest what the module is named by ({@code sha-256:BASE64}, as for {@link
     *     #parseTrusted}), computed once by the caller, who has hashed the bytes already
     * @throws WasmMalformed when even its sections cannot be read
     */
    Module describe(byte[] bytes, String digest);

    /**
     * Whether this engine compiles a module's code while its first calls run in an interpreter
     * (GraalWasm's JIT), so that those calls take far longer than later ones. Chicory compiles
     * before any call.
     */
    default boolean compilesInBackground() {
        return false;
    }

    /** Compiles {@code module} once, for every instance to come. */
    Code compile(Module module, CodeOptions options);

    /**
     * Compiles {@code module}, which another engine (the {@code parser}) may have parsed, from the
     * bytes it was parsed from: an engine that compiles from the binary (GraalWasm) asks for them
     * here, once, instead of every module keeping its bytes alive. Engines that compile what they
     * parsed (Chicory) never call {@code bytes}.
     */
    default Code compile(Module module, Supplier<byte[]> bytes, CodeOptions options) {
        return compile(module, options);
    }

    /**
     * The engine's own WASI preview 1 functions (module {@code wasi_snapshot_preview1}): no
     * arguments, environment or directories, an empty stdin, and the given output streams.
     */
    List<HostFunction> wasiPreview1(OutputStream stdout, OutputStream stderr);

    /** A memory not owned by any instance, for hosts and tests that lay out data themselves. */
    Memory newMemory(MemoryLimits limits);
}
