package dev.sluice.internal.contract;

/**
 * The guest broke the contract: passed a pointer outside its memory, invalid UTF-8, an out-of-range
 * enum, or returned a value the contract does not allow. Thrown from host code, it traps the
 * current call exactly as a WebAssembly trap would: only that call fails.
 */
public final class GuestFault extends RuntimeException {
    public GuestFault(String message) {
        super(message, null, false, false);
    }
}
