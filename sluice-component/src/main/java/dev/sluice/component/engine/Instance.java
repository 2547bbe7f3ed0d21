package dev.sluice.component.engine;

/**
 * A running module: its exports by name. Not safe for concurrent calls (pool instances instead);
 * one that trapped or was interrupted is discarded, never called again.
 *
 * <p>Whoever discards an instance closes it: an engine may hold memory outside the Java heap for it
 * (GraalWasm's contexts), which the collector would free only when it gets round to it, so a plugin
 * that traps in a loop would otherwise pile up native memory.
 */
public interface Instance extends AutoCloseable {

    /**
     * Frees what the engine holds for this instance; it is not called again afterwards. Closing
     * twice does nothing. Instances linked to each other's memories or tables (a component's core
     * instances) are closed together, when none of them is needed any more.
     */
    @Override
    void close();

    Module module();

    /** The exported function, or null when the module exports no function of that name. */
    WasmFunction function(String name);

    /**
     * The exported function.
     *
     * @throws WasmLinkError when the module does not export it
     */
    default WasmFunction export(String name) {
        var f = function(name);
        if (f == null) {
            throw new WasmLinkError("the module exports no function named '" + name + "'");
        }
        return f;
    }

    /** The memory exported as {@code memory}, or the instance's only memory. */
    Memory memory();

    /** The exported memory of that name, or null. */
    Memory memory(String name);

    /** The exported table of that name, or null; only to be imported by another instance. */
    Table table(String name);

    /** The exported global of that name, or null; only to be imported by another instance. */
    Global global(String name);

    /** A table, as an engine hands it from one instance's exports to another's imports. */
    interface Table {}

    /** A global, as an engine hands it from one instance's exports to another's imports. */
    interface Global {}
}
