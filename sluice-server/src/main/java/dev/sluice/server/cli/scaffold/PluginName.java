package dev.sluice.server.cli.scaffold;

import java.util.regex.Pattern;

/**
 * The name of a new plugin: its project folder, its file ({@code NAME.wasm}, and so its name in the
 * server and in settings keys {@code plugins.NAME.*}), its Rust crate and its source file. The rule
 * keeps it valid in all of those: lowercase letters, digits and single hyphens.
 */
public record PluginName(String value) {

    static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /**
     * @throws IllegalArgumentException saying what a valid name looks like
     */
    public PluginName {
        if (value == null || value.length() > MAX_LENGTH || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "'"
                            + value
                            + "' is not a valid plugin name: use lowercase letters, digits and"
                            + " single hyphens, starting with a letter, at most "
                            + MAX_LENGTH
                            + " characters (e.g. my-filter)");
        }
    }

    /** The Rust crate's name, which names the built module: hyphens become underscores. */
    String crate() {
        return value.replace('-', '_');
    }

    @Override
    public String toString() {
        return value;
    }
}
