package dev.sluice.internal.runtime;

import dev.sluice.PluginLoadException;
import dev.sluice.component.engine.Engine;
import dev.sluice.component.engine.EngineLog;
import dev.sluice.component.engine.EngineProvider;
import dev.sluice.component.engine.chicory.ChicoryEngine;
import dev.sluice.plugin.ExecutionEngine;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that picks an engine: a plugin's {@code engine} setting to the engine behind the
 * seam. Everything else in the core speaks only the seam ({@code dev.sluice.component.engine}).
 */
public final class Engines {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    /** Engine notices go to the plugins' log. */
    private static final EngineLog PLUGINS_LOG =
            new EngineLog() {
                @Override
                public void info(String message) {
                    LOG.info(message);
                }

                @Override
                public void warn(String message) {
                    LOG.warn(message);
                }
            };

    private static final Engine PARSER = ChicoryEngine.interpreter();

    private Engines() {}

    /**
     * The engine that parses and validates plugin files: its modules are the ones every engine of
     * {@link #of} compiles.
     */
    public static Engine parser() {
        return PARSER;
    }

    /**
     * The engine a plugin runs on; {@code auto}, which needs the plugin's modules to choose, is
     * Chicory's compiler here.
     *
     * @param cache where compiled code is kept between loads, or null to compile every time
     * @throws PluginLoadException when GraalWasm is asked for and cannot run here
     */
    public static Engine of(ExecutionEngine engine, CompileCache cache) {
        return switch (engine) {
            case COMPILER, AUTO -> ChicoryEngine.compiler(cache, PLUGINS_LOG);
            case INTERPRETER -> PARSER;
            case GRAALWASM -> graalWasm().engine(PLUGINS_LOG);
        };
    }

    /** The engine a plugin runs on, and why that one: for the log and inspection. */
    public record Choice(Engine engine, String reason) {}

    /**
     * A function body of this many bytes of WebAssembly is taken to be too large for one JVM method
     * once Chicory compiles it (its bytecode is several times the size of the wasm, and a JVM
     * method holds at most 64 KiB), so Chicory would interpret it even when compiling. An estimate
     * made before compiling, since compiling such a module with Chicory to find out takes seconds
     * to minutes; the Rust filter's largest function has 7 KB, the JavaScript engine's 168 KB.
     */
    static final int LARGE_FUNCTION_BYTES = 16 * 1024;

    /**
     * The engine a plugin's setting picks for its modules.
     *
     * @param modules the bytes of each core module the plugin runs (read only for {@code auto})
     * @throws PluginLoadException when {@code graalwasm} is asked for and cannot run here
     */
    public static Choice choose(
            ExecutionEngine setting,
            CompileCache cache,
            java.util.function.Supplier<List<byte[]>> modules) {
        switch (setting) {
            case COMPILER:
                return new Choice(of(setting, cache), "engine: chicory");
            case INTERPRETER:
                return new Choice(of(setting, cache), "engine: interpreter");
            case GRAALWASM:
                var forced = graalWasm();
                return new Choice(
                        forced.engine(PLUGINS_LOG), "engine: graalwasm (" + forced.mode() + ")");
            default:
                break;
        }
        var chicory = ChicoryEngine.compiler(cache, PLUGINS_LOG);
        int largest = 0;
        try {
            for (byte[] module : modules.get()) {
                largest = Math.max(largest, WasmCode.largestFunctionBody(module));
            }
        } catch (RuntimeException e) {
            return new Choice(
                    chicory,
                    "engine: auto: Chicory, as the module could not be read again (" + e + ")");
        }
        if (largest < LARGE_FUNCTION_BYTES) {
            return new Choice(
                    chicory,
                    "engine: auto: every function fits a JVM method (largest "
                            + largest
                            + " bytes), so Chicory compiles it all");
        }
        var provider = provider();
        if (provider == null || !provider.available()) {
            return new Choice(
                    chicory,
                    "engine: auto: a function of "
                            + largest
                            + " bytes is too large for a JVM method, so Chicory interprets it;"
                            + " GraalWasm would compile it but "
                            + (provider == null
                                    ? "the sluice-graalwasm module is not on the class path"
                                    : provider.unavailableReason()));
        }
        return new Choice(
                provider.engine(PLUGINS_LOG),
                "engine: auto: a function of "
                        + largest
                        + " bytes is too large for a JVM method (Chicory would interpret it),"
                        + " so GraalWasm runs it ("
                        + provider.mode()
                        + ")");
    }

    /**
     * Whether the engine {@code auto} would choose for this module validates it as it compiles it:
     * GraalWasm is available and the module has a function too large for a JVM method. Such a
     * module need not be validated by Chicory first ({@link Engine#describe}).
     */
    public static boolean validatesWhenCompiling(byte[] module) {
        try {
            if (WasmCode.largestFunctionBody(module) < LARGE_FUNCTION_BYTES) {
                return false;
            }
        } catch (RuntimeException e) {
            return false; // unreadable: the full parse says what is wrong with it
        }
        var provider = provider();
        return provider != null && provider.available();
    }

    /** The GraalWasm provider, or why it cannot be had. */
    private static EngineProvider graalWasm() {
        var provider = provider();
        if (provider == null) {
            throw new PluginLoadException(
                    "engine graalwasm needs JDK 21+ and the sluice-graalwasm module; this JVM"
                            + " (Java "
                            + Runtime.version().feature()
                            + ") has no sluice-graalwasm on its class path. Add the module (see"
                            + " docs/embedding.md, \"GraalWasm engine\") or set engine: auto or"
                            + " chicory");
        }
        if (!provider.available()) {
            throw new PluginLoadException(
                    "engine graalwasm needs JDK 21+ and the sluice-graalwasm module; "
                            + provider.unavailableReason());
        }
        return provider;
    }

    /** The provider named graalwasm on the class path, or null. */
    private static EngineProvider provider() {
        try {
            for (var p : ServiceLoader.load(EngineProvider.class)) {
                if (p.name().equals("graalwasm")) {
                    return p;
                }
            }
        } catch (java.util.ServiceConfigurationError e) {
            // A provider compiled for a newer Java than this JVM's: as good as absent.
            return null;
        }
        return null;
    }
}
