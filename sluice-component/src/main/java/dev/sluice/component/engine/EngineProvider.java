package dev.sluice.component.engine;

/**
 * An engine that is not part of sluice-component, found by {@link java.util.ServiceLoader} when its
 * module is on the class path (sluice-graalwasm's GraalWasm, which needs JDK 21+). Hosts never
 * depend on such a module: they ask for the engine by name and say clearly when none answers.
 */
public interface EngineProvider {

    /** The name settings choose it by ({@code graalwasm}). */
    String name();

    /**
     * Whether the engine can run in this JVM (the provider is loaded, but the engine may need what
     * is missing); when false, {@link #unavailableReason()} says why.
     */
    boolean available();

    /** Why the engine cannot run here, or null when it can. */
    String unavailableReason();

    /** The engine, with {@code log} for notices. */
    Engine engine(EngineLog log);

    /** How the engine runs guest code here, for logs and inspection ("GraalVM CE JIT"…). */
    String mode();
}
