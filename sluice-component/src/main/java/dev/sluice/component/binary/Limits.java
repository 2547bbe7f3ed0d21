package dev.sluice.component.binary;

/**
 * Bounds on what a binary may declare, so that no input, however hostile, exhausts the stack, the
 * heap or the time of the decoder or of what later walks the decoded model (the instantiator, the
 * canonical ABI, the WIT printer). Each is far above what real components use; a binary past one
 * gets a {@link dev.sluice.component.ComponentDecodeException} naming the section and offset.
 * Counts and sizes are also checked against the bytes left where they are read ({@link
 * Reader#count}).
 */
final class Limits {

    /**
     * Scopes inside each other: nested components, component types, instance types and core module
     * types. Real components nest three or four deep.
     */
    static final int MAX_NESTING = 100;

    /**
     * Depth of a type: a list of a list of a u8 is three deep; an instance type is one more than
     * its deepest export. Types nest through type indices without nesting scopes, so this bounds
     * every recursive walk over a type.
     */
    static final int MAX_TYPE_DEPTH = 100;

    /**
     * A type's size: the number of nodes it has written out as a tree. A type can refer to one type
     * twice (a tuple of {@code t} and {@code t}), so a few bytes can declare a type that is
     * exponentially large when walked; this bounds every such walk. The same figure as wasmparser
     * (used by wasmtime and wasm-tools).
     */
    static final long MAX_TYPE_SIZE = 1_000_000;

    /**
     * Core and component instances one instantiation of a component creates, nested components'
     * included: a component instantiating twice a component that instantiates twice another …
     * doubles the count each level with a few bytes.
     */
    static final long MAX_INSTANCES = 10_000;

    private Limits() {}
}
