package dev.sluice.plugin;

/** The shape of a plugin binary, read from its header. */
public enum PluginForm {
    /** A core WebAssembly module (version 1). */
    CORE_MODULE("core module"),
    /** A WebAssembly component (component-model layer 1). */
    COMPONENT("component");

    private final String label;

    PluginForm(String label) {
        this.label = label;
    }

    /** Human-readable name, as shown by {@code sluice plugin inspect}. */
    public String label() {
        return label;
    }
}
