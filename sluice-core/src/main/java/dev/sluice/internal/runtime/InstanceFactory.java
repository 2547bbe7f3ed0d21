package dev.sluice.internal.runtime;

import dev.sluice.component.engine.Code;
import dev.sluice.component.engine.CodeOptions;
import dev.sluice.component.engine.Engine;
import dev.sluice.component.engine.HostFunction;
import dev.sluice.component.engine.Imports;
import dev.sluice.component.engine.Instance;
import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.component.engine.Module;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.contract.PluginLog;
import dev.sluice.internal.wasi.Preview1Host;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Makes instances of one plugin module: the module is compiled once, here, and every instance
 * shares the result.
 *
 * <p>Every instance gets the memory cap, and, when the module imports {@code
 * wasi_snapshot_preview1}, its own WASI ({@link Preview1Host}): no arguments, no environment, no
 * preopened directories, an empty stdin, stdout/stderr sent line by line to the plugin's log, and
 * the call's deadline and output budget enforced inside every function that moves bytes or waits.
 */
public final class InstanceFactory implements PluginCode, GuestCode.ModuleCode {

    private final Engine engine;
    private final Code code;
    private final MemoryLimits memoryLimits;
    private final boolean wasi;
    private final String engineChoice;

    /**
     * @param plugin the plugin's name, for the log
     * @param memoryLimits the limits the module's memory runs with, or null when it has none
     */
    public InstanceFactory(
            String plugin, Module module, Engine engine, MemoryLimits memoryLimits, boolean wasi) {
        this(
                plugin,
                module,
                () -> {
                    throw new IllegalStateException(
                            "plugin " + plugin + ": no bytes given to compile from on " + engine);
                },
                engine,
                memoryLimits,
                wasi,
                engine.name());
    }

    /**
     * @param bytes the module's bytes, for an engine that compiles from them (read at most once)
     * @param engineChoice which engine runs the plugin and why, for status and inspection
     */
    public InstanceFactory(
            String plugin,
            Module module,
            Supplier<byte[]> bytes,
            Engine engine,
            MemoryLimits memoryLimits,
            boolean wasi,
            String engineChoice) {
        this.engine = engine;
        this.engineChoice = engineChoice;
        // A plugin is a library, not a command: a `_start` export it may have is not called.
        this.code =
                engine.compile(
                        module,
                        bytes,
                        CodeOptions.of(plugin).withMemoryLimits(memoryLimits).withoutStartExport());
        this.memoryLimits = memoryLimits;
        this.wasi = wasi;
    }

    @Override
    public String engine() {
        return engineChoice;
    }

    @Override
    public boolean warmsUp() {
        return engine.compilesInBackground();
    }

    @Override
    public long reservedBytes() {
        return MemoryCap.reservation(memoryLimits);
    }

    /** A new, initialised (data segments, start function) instance linked to these functions. */
    @Override
    public Instance instantiate(List<HostFunction> contractFunctions, PluginLog log) {
        var functions = new ArrayList<>(contractFunctions);
        if (wasi) {
            functions.addAll(Preview1Host.functions(engine, log));
        }
        return code.instantiate(Imports.of(functions));
    }
}
