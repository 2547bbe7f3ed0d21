package dev.sluice;

import java.util.List;

/**
 * A file is not a usable plugin: not WebAssembly, malformed, or not implementing a contract the
 * host runs. {@link #problems()} lists every problem found, each a sentence saying what is wrong;
 * the message names the file and joins them.
 */
public class PluginValidationException extends SluiceException {
    private final String file;
    private final List<String> problems;

    public PluginValidationException(String file, List<String> problems) {
        super(format(file, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public PluginValidationException(String file, String problem, Throwable cause) {
        super(format(file, List.of(problem)), cause);
        this.file = file;
        this.problems = List.of(problem);
    }

    private static String format(String file, List<String> problems) {
        return "plugin " + file + ": " + String.join("; ", problems);
    }

    /** The file name at fault. */
    public String file() {
        return file;
    }

    /** Each problem found, most important first. */
    public List<String> problems() {
        return problems;
    }
}
