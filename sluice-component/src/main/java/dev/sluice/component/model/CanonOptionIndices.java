package dev.sluice.component.model;

import dev.sluice.component.abi.StringEncoding;

/**
 * The options of a canon lift or lower, as indices into the component's core index spaces ({@code
 * -1} where absent), as decoded; an instance resolves them to a {@link
 * dev.sluice.component.abi.ResolvedCanonOptions}.
 */
public record CanonOptionIndices(
        StringEncoding encoding, int memory, int realloc, int postReturn) {}
