package dev.sluice.component.abi;

import dev.sluice.component.engine.Memory;

/**
 * The canon options of one lifted or lowered function in a running instance: the guest memory and
 * realloc function its values cross through. {@link dev.sluice.component.model.CanonOptionIndices}
 * is the same options as the binary declares them, by index, before instantiation.
 */
public record ResolvedCanonOptions(Memory memory, StringEncoding encoding, Realloc realloc) {}
