package dev.sluice.component.abi;

import com.dylibso.chicory.runtime.Memory;

public record CanonOptions(Memory memory, StringEncoding encoding, Realloc realloc) {}
