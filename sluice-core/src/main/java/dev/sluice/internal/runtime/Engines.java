package dev.sluice.internal.runtime;

import dev.sluice.component.engine.Engine;
import dev.sluice.component.engine.EngineLog;
import dev.sluice.component.engine.chicory.ChicoryEngine;
import dev.sluice.plugin.ExecutionEngine;
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
     * The engine a plugin runs on.
     *
     * @param cache where compiled code is kept between loads, or null to compile every time
     */
    public static Engine of(ExecutionEngine engine, CompileCache cache) {
        return switch (engine) {
            case COMPILER -> ChicoryEngine.compiler(cache, PLUGINS_LOG);
            case INTERPRETER -> PARSER;
        };
    }
}
