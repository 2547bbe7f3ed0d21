package dev.sluice.server.cli.scaffold;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The language a scaffolded plugin project is written in. */
public enum Language {
    /** Rust for wasm32-wasip1, with std rebuilt from Debian's sources (tools/cargo-wasm). */
    RUST,
    /** C with clang 14 (and wasi-libc where the contract needs a C library). */
    C,
    /** JavaScript, compiled into a component by ComponentizeJS. */
    JS;

    /** The name on the command line: {@code rust}, {@code c}, {@code js}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The language named {@code label}.
     *
     * @throws IllegalArgumentException listing the languages there are
     */
    public static Language of(String label) {
        for (Language language : values()) {
            if (language.label().equals(label)) {
                return language;
            }
        }
        throw new IllegalArgumentException(
                "unknown language '" + label + "': expected one of " + labels());
    }

    /** The labels, comma-separated, for messages. */
    public static String labels() {
        return Arrays.stream(values()).map(Language::label).collect(Collectors.joining(", "));
    }
}
