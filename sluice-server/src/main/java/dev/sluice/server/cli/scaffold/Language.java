package dev.sluice.server.cli.scaffold;

/** The language a scaffolded plugin project is written in. */
public enum Language implements Choice {
    /** Rust for wasm32-wasip1, with std rebuilt from Debian's sources (tools/cargo-wasm). */
    RUST,
    /** C with clang 14 (and wasi-libc where the contract needs a C library). */
    C,
    /** JavaScript, compiled into a component by ComponentizeJS. */
    JS;

    /**
     * The language named {@code label} on the command line.
     *
     * @throws IllegalArgumentException listing the languages there are
     */
    public static Language of(String label) {
        return Choice.of(values(), label, "language");
    }
}
