package dev.sluice.internal.runtime;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.contract.PluginLog;
import dev.sluice.internal.loader.DeferredBodies;
import dev.sluice.internal.wasi.Preview1Host;
import dev.sluice.plugin.ExecutionEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes instances of one plugin module: the module is parsed and compiled once, here, and every
 * instance shares the result.
 *
 * <p>Every instance gets the memory cap, and, when the module imports {@code
 * wasi_snapshot_preview1}, its own WASI ({@link Preview1Host}): no arguments, no environment, no
 * preopened directories, an empty stdin, stdout/stderr sent line by line to the plugin's log, and
 * the call's deadline and output budget enforced inside every function that moves bytes or waits.
 */
public final class InstanceFactory implements PluginCode, GuestCode.ModuleCode {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final MemoryLimits memoryLimits;
    private final boolean wasi;

    /**
     * @param plugin the plugin's name, for the log
     * @param memoryLimits the limits the module's memory runs with, or null when it has none
     * @param cache where compiled code is kept between loads, or null to compile every time
     */
    public InstanceFactory(
            String plugin,
            WasmModule module,
            ExecutionEngine engine,
            MemoryLimits memoryLimits,
            boolean wasi,
            CompileCache cache) {
        // The interpreter reads every body: decoded now, not inside the first call.
        var compiled =
                engine == ExecutionEngine.COMPILER
                        ? compile(plugin, module, cache)
                        : new Compiled(DeferredBodies.full(module), null);
        this.module = compiled.module();
        this.machineFactory = compiled.machines();
        this.memoryLimits = memoryLimits;
        this.wasi = wasi;
    }

    @Override
    public long reservedBytes() {
        return MemoryCap.reservation(memoryLimits);
    }

    /** A new, initialised (data segments, start function) instance linked to these functions. */
    @Override
    public Instance instantiate(List<HostFunction> contractFunctions, PluginLog log) {
        var functions = new ArrayList<ImportFunction>(contractFunctions);
        if (wasi) {
            functions.addAll(Preview1Host.functions(log));
        }
        var builder =
                Instance.builder(module)
                        .withImportValues(ImportValues.builder().withFunctions(functions).build())
                        .withStart(false)
                        // Chicory's default ByteBufferMemory spends a large share of a call in
                        // buffer bounds and byte-order checks; the paged byte[] memory, through
                        // VarHandles, is bounds-checked just as strictly and much cheaper.
                        .withMemoryFactory(ByteArrayMemory::new);
        if (machineFactory != null) {
            builder.withMachineFactory(machineFactory);
        }
        if (memoryLimits != null) {
            builder.withMemoryLimits(memoryLimits);
        }
        return builder.build();
    }

    /** Modules with this many functions take seconds to compile: the log says so first. */
    private static final int LARGE = 2000;

    /**
     * What compiling a module gave: the machines that run it, and the module to make its instances
     * from (with its function bodies decoded unless the machines never read them).
     */
    record Compiled(WasmModule module, Function<Instance, Machine> machines) {}

    static Compiled compile(String plugin, WasmModule module, CompileCache cache) {
        int functions = module.codeSection().functionBodyCount();
        if (functions >= LARGE && (cache == null || !cache.has(module.digest()))) {
            // Tens of seconds for an embedded JavaScript engine: say so before going quiet.
            LOG.info(
                    "plugin {}: compiling {} functions to JVM bytecode; a module this large takes"
                            + " a while{}",
                    plugin,
                    functions,
                    cache == null ? " (plugin.compile_cache keeps the result for next time)" : "");
        }
        if (cache == null || module.digest() == null) {
            var full = DeferredBodies.full(module);
            return new Compiled(full, MachineFactoryCompiler.compile(full));
        }
        try {
            if (DeferredBodies.deferred(module)) {
                byte[] entry = cache.compilingEveryFunction(module.digest());
                if (entry != null) {
                    // Chicory is handed exactly the entry read here, so it loads that code and
                    // never compiles the undecoded bodies.
                    return new Compiled(
                            module,
                            MachineFactoryCompiler.builder(module)
                                    .withCache(new Entry(module.digest(), entry))
                                    .compile());
                }
            }
            var full = DeferredBodies.full(module);
            return new Compiled(
                    full, MachineFactoryCompiler.builder(full).withCache(cache).compile());
        } catch (RuntimeException | LinkageError e) {
            // A damaged or foreign entry must not stop the plugin from loading: drop it and
            // compile from the module, which also writes a good entry next time.
            LOG.warn(
                    "compile cache entry for {} in {} is unusable ({}); compiling afresh",
                    module.digest(),
                    cache.directory(),
                    e.toString());
            cache.evict(module.digest());
            var full = DeferredBodies.full(module);
            return new Compiled(full, MachineFactoryCompiler.compile(full));
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
}
