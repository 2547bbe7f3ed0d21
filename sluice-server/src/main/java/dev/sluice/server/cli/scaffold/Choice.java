package dev.sluice.server.cli.scaffold;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum constant chosen on the command line by its lowercase name. */
public interface Choice {

    /** The enum constant's name. */
    String name();

    /** The name on the command line: the constant's name in lowercase. */
    default String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code choices} labelled {@code label}.
     *
     * @param what what is chosen, for the message ("language")
     * @throws IllegalArgumentException listing the labels there are
     */
    static <E extends Choice> E of(E[] choices, String label, String what) {
        for (E choice : choices) {
            if (choice.label().equals(label)) {
                return choice;
            }
        }
        throw new IllegalArgumentException(
                "unknown " + what + " '" + label + "': expected one of " + labels(choices));
    }

    /** The labels, comma-separated, for messages. */
    static String labels(Choice[] choices) {
        return Arrays.stream(choices).map(Choice::label).collect(Collectors.joining(", "));
    }
}
