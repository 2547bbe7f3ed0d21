package dev.sluice.component;

import dev.sluice.component.engine.Code;
import dev.sluice.component.model.CoreModuleDef;

/**
 * The compiled code of each core module inside a component: the embedder decides the engine, memory
 * limits and caching (compiling each module once, then instantiating it any number of times); the
 * component runtime decides what each module imports.
 */
@FunctionalInterface
public interface CoreCode {

    /** The code of {@code module}, compiled once. */
    Code of(CoreModuleDef.Embedded module);
}
