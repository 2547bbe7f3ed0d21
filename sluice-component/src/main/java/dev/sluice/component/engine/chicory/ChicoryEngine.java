package dev.sluice.component.engine.chicory;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.sluice.component.engine.Code;
import dev.sluice.component.engine.CodeCache;
import dev.sluice.component.engine.CodeOptions;
import dev.sluice.component.engine.Engine;
import dev.sluice.component.engine.EngineLog;
import dev.sluice.component.engine.HostFunction;
import dev.sluice.component.engine.Memory;
import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.component.engine.Module;
import dev.sluice.component.engine.WasmMalformed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * Chicory (1.x) behind the seam: its parser and validator, and either its compiler (each function
 * to JVM bytecode once per module, through an optional {@link CodeCache}) or its interpreter. Calls
 * are interrupted by the thread's interrupt flag, which Chicory checks on calls and backward
 * branches. A function too large for one JVM method is left to the interpreter even when compiling.
 */
public final class ChicoryEngine implements Engine {

    /** Modules with this many functions take seconds to compile: the log says so first. */
    private static final int LARGE = 2000;

    private final boolean compiler;
    private final CodeCache cache;
    private final EngineLog log;

    private ChicoryEngine(boolean compiler, CodeCache cache, EngineLog log) {
        this.compiler = compiler;
        this.cache = cache;
        this.log = log;
    }

    /**
     * Compiles to JVM bytecode.
     *
     * @param cache where compiled code is kept between loads, or null to compile every time
     */
    public static ChicoryEngine compiler(CodeCache cache, EngineLog log) {
        return new ChicoryEngine(true, cache, log);
    }

    /** Interprets: no compile time, much slower calls. */
    public static ChicoryEngine interpreter() {
        return new ChicoryEngine(false, null, EngineLog.NONE);
    }

    /**
     * The folder a compile cache keeps this engine's entries in: generated classes are only valid
     * for the compiler that made them, so an upgrade simply starts a new folder.
     */
    public static String cacheFolder() {
        return "chicory-" + version();
    }

    @Override
    public String name() {
        return compiler ? "chicory-compiler" : "chicory-interpreter";
    }

    @Override
    public Module parse(byte[] bytes) {
        try {
            return new ChicoryModule(
                    Parser.builder().build().parse(() -> new ByteArrayInputStream(bytes)));
        } catch (ChicoryException e) {
            throw new WasmMalformed(e.getMessage(), e);
        }
    }

    @Override
    public Module parseTrusted(byte[] bytes, String digest) {
        try {
            return new ChicoryModule(DeferredBodies.parse(bytes, digest));
        } catch (ChicoryException e) {
            throw new WasmMalformed(e.getMessage(), e);
        }
    }

    @Override
    public Module describe(byte[] bytes, String digest) {
        try {
            return new ChicoryModule(DeferredBodies.describe(bytes, digest));
        } catch (ChicoryException e) {
            throw new WasmMalformed(e.getMessage(), e);
        }
    }

    @Override
    public Code compile(Module module, CodeOptions options) {
        if (!(module instanceof ChicoryModule parsed)) {
            throw new IllegalArgumentException("not a module Chicory parsed: " + module);
        }
        // The interpreter reads every body: decoded now, not inside the first call.
        Compiled compiled;
        try {
            compiled =
                    compiler
                            ? compile(options.owner(), parsed.wasm)
                            : new Compiled(DeferredBodies.full(parsed.wasm), null);
        } catch (ChicoryException e) {
            // A described module, validated only now (Engine.describe).
            throw new WasmMalformed(e.getMessage(), e);
        }
        return new ChicoryCode(
                parsed,
                compiled.module(),
                compiled.machines(),
                options.memoryLimits(),
                options.callStartExport());
    }

    @Override
    public List<HostFunction> wasiPreview1(OutputStream stdout, OutputStream stderr) {
        var options =
                WasiOptions.builder()
                        .withStdin(new ByteArrayInputStream(new byte[0]))
                        .withStdout(stdout)
                        .withStderr(stderr)
                        .build();
        var out = new ArrayList<HostFunction>();
        for (var f : WasiPreview1.builder().withOptions(options).build().toHostFunctions()) {
            var handle = f.handle();
            out.add(
                    new HostFunction(
                            f.module(),
                            f.name(),
                            Types.seam(f.functionType()),
                            (instance, args) ->
                                    handle.apply(((ChicoryInstance) instance).chicory(), args)));
        }
        return out;
    }

    @Override
    public Memory newMemory(MemoryLimits limits) {
        return new ChicoryMemory(new ByteArrayMemory(Types.chicory(limits)));
    }

    /**
     * What compiling a module gave: the machines that run it, and the module to make its instances
     * from (with its function bodies decoded unless the machines never read them).
     */
    record Compiled(
            WasmModule module, Function<com.dylibso.chicory.runtime.Instance, Machine> machines) {}

    Compiled compile(String owner, WasmModule module) {
        int functions = module.codeSection().functionBodyCount();
        String digest = module.digest();
        if (functions >= LARGE && (cache == null || !cache.has(digest))) {
            // Tens of seconds for an embedded JavaScript engine: say so before going quiet.
            log.info(
                    "plugin "
                            + owner
                            + ": compiling "
                            + functions
                            + " functions to JVM bytecode; a module this large takes a while"
                            + (cache == null
                                    ? " (plugin.compile_cache keeps the result for next time)"
                                    : ""));
        }
        if (cache == null || digest == null) {
            var full = DeferredBodies.full(module);
            return new Compiled(full, MachineFactoryCompiler.compile(full));
        }
        try {
            if (DeferredBodies.deferred(module)) {
                byte[] entry = CachedCode.compilingEveryFunction(cache, digest);
                if (entry != null) {
                    // Chicory is handed exactly the entry read here, so it loads that code and
                    // never compiles the undecoded bodies.
                    return new Compiled(
                            module,
                            MachineFactoryCompiler.builder(module)
                                    .withCache(new Entry(digest, entry))
                                    .compile());
                }
            }
            var full = DeferredBodies.full(module);
            return new Compiled(
                    full,
                    MachineFactoryCompiler.builder(full).withCache(new Stored(cache)).compile());
        } catch (RuntimeException | LinkageError e) {
            // A damaged or foreign entry must not stop the plugin from loading: drop it and
            // compile from the module, which also writes a good entry next time.
            log.warn(
                    "compile cache entry for "
                            + digest
                            + " in "
                            + cache.location()
                            + " is unusable ("
                            + e
                            + "); compiling afresh");
            cache.evict(digest);
            var full = DeferredBodies.full(module);
            return new Compiled(full, MachineFactoryCompiler.compile(full));
        }
    }

    /** The code cache, as Chicory's compiler asks for it. */
    private record Stored(CodeCache cache) implements Cache {
        @Override
        public byte[] get(String key) throws IOException {
            return cache.get(key);
        }

        @Override
        public void putIfAbsent(String key, byte[] compiled) throws IOException {
            cache.putIfAbsent(key, compiled);
        }
    }

    /** One cache entry already read, offered to Chicory as the whole cache. */
    private record Entry(String digest, byte[] jar) implements Cache {
        @Override
        public byte[] get(String key) {
            if (!key.equals(digest)) {
                throw new IllegalStateException("asked for " + key + ", holds " + digest);
            }
            return jar;
        }

        @Override
        public void putIfAbsent(String key, byte[] compiled) {
            throw new IllegalStateException("compiled a module whose entry was read: " + key);
        }
    }

    private static String version() {
        try (InputStream in =
                Cache.class.getResourceAsStream(
                        "/META-INF/maven/com.dylibso.chicory/compiler/pom.properties")) {
            if (in != null) {
                var properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }
}
