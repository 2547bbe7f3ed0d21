package dev.sluice.component.engine;

import java.util.List;
import java.util.Optional;

/**
 * A parsed (and, unless it came from the compile cache, validated) core module: what linking and
 * the contracts check. It is made by {@link Engine#parse} and compiled by {@link Engine#compile}.
 */
public interface Module {

    /** Every import, in the order the module declares them. */
    List<Import> imports();

    /** Every export, in the order the module declares them. */
    List<Export> exports();

    /** The limits of the module's own (first) memory, if it defines one. */
    Optional<MemoryLimits> memoryLimits();

    /**
     * What the compile cache knows these bytes by ({@code sha-256:BASE64}), or null when the parse
     * computed none.
     */
    String digest();

    /** An import: its function type when it is a function, else null. */
    record Import(String module, String name, ExternKind kind, FunctionType type) {}

    /** An export: its function type when it is a function, else null. */
    record Export(String name, ExternKind kind, FunctionType type) {}
}
