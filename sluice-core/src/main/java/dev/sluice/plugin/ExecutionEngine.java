package dev.sluice.plugin;

/** How a plugin's WebAssembly code is executed. */
public enum ExecutionEngine {
    /** Chicory's runtime compiler: translated once to JVM bytecode at load. The default. */
    COMPILER,
    /** Chicory's interpreter: no compilation cost, much slower per call. */
    INTERPRETER
}
