package dev.sluice.component.engine;

/** A core WebAssembly value type, as far as Sluice's contracts and the canonical ABI use them. */
public enum ValType {
    I32,
    I64,
    F32,
    F64,
    V128,
    FUNCREF,
    EXTERNREF;
}
