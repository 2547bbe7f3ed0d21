package dev.sluice.internal.loader;

/**
 * Modules whose compiled code is kept (the compile cache). Loading one of them parses it as trusted
 * ({@link dev.sluice.component.engine.Engine#parseTrusted}: Chicory skips validation and decoding
 * its function bodies): the bytes are exactly those that were validated when the code was made, and
 * the kept code runs without the bodies.
 */
@FunctionalInterface
public interface CompiledModules {

    /** No compiled code is kept: every module is validated and decoded in full. */
    CompiledModules NONE = digest -> false;

    /**
     * Whether compiled code is kept under this digest ({@code sha-256:BASE64} of the module's
     * bytes, as Chicory's parser names a module: {@link
     * dev.sluice.internal.runtime.CompileCache#digest}).
     */
    boolean has(String digest);
}
