package dev.sluice.component.model;

import dev.sluice.component.abi.StringEncoding;

/**
 * The options of a canon lift or lower, as indices into the component's core index spaces ({@code
 * -1} where absent).
 */
public record CanonOpts(StringEncoding encoding, int memory, int realloc, int postReturn) {}
