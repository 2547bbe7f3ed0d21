package dev.sluice.component;

/**
 * A component binary is malformed or invalid. The message names the section and the byte offset
 * where reading stopped, so the binary can be inspected there (for example with {@code wasm-tools
 * print} or {@code wasm-tools dump}).
 */
public class ComponentDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    public ComponentDecodeException(String message, long offset) {
        super(message + " (at byte offset " + offset + ")");
        this.offset = offset;
    }

    /** The byte offset in the outermost binary where the problem was found. */
    public long offset() {
        return offset;
    }
}
