package dev.sluice.component.engine;

/**
 * A module compiled once for its engine, with its memory cap applied: every instance of the module
 * is made from it, none compiles again. Safe to share between threads.
 */
public interface Code {

    Module module();

    /**
     * A new, initialised instance (data segments copied, start function run).
     *
     * @throws WasmLinkError when an import is missing or of the wrong type
     * @throws WasmException when the start function traps
     */
    Instance instantiate(Imports imports);
}
