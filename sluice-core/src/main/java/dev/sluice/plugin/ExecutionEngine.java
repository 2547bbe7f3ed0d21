package dev.sluice.plugin;

import java.util.Locale;

/** How a plugin's WebAssembly code is executed. */
public enum ExecutionEngine {
    /**
     * GraalWasm for a module Chicory's compiler would partly interpret (a function too large for a
     * JVM method) when GraalWasm is available, Chicory's compiler otherwise. The default.
     */
    AUTO,
    /** Chicory's runtime compiler: translated once to JVM bytecode at load. */
    COMPILER,
    /** Chicory's interpreter: no compilation cost, much slower per call. */
    INTERPRETER,
    /**
     * GraalWasm (the optional sluice-graalwasm module, JDK 21+), compiled to machine code by the
     * Graal JIT when the JVM runs with it (see docs/embedding.md).
     */
    GRAALWASM;

    /**
     * The engine a setting names: {@code auto}, {@code chicory} (or its older name {@code
     * compiler}), {@code interpreter} or {@code graalwasm}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ExecutionEngine parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "auto" -> AUTO;
            case "chicory", "compiler" -> COMPILER;
            case "interpreter" -> INTERPRETER;
            case "graalwasm" -> GRAALWASM;
            default ->
                    throw new IllegalArgumentException(
                            "'" + text + "' is not one of auto, chicory, graalwasm, interpreter");
        };
    }

    /** The name settings use for it. */
    public String settingName() {
        return this == COMPILER ? "chicory" : name().toLowerCase(Locale.ROOT);
    }
}
