package dev.sluice.component.engine;

/**
 * How a module is compiled: for whom (named in log notices), the limits its own memory runs with
 * (null: as declared), and whether an instance calls the module's {@code _start} export when it is
 * made (the wasm start section always runs).
 */
public record CodeOptions(String owner, MemoryLimits memoryLimits, boolean callStartExport) {

    public static CodeOptions of(String owner) {
        return new CodeOptions(owner, null, true);
    }

    public CodeOptions withMemoryLimits(MemoryLimits limits) {
        return new CodeOptions(owner, limits, callStartExport);
    }

    public CodeOptions withoutStartExport() {
        return new CodeOptions(owner, memoryLimits, false);
    }
}
