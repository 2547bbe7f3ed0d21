package dev.sluice;

/**
 * A valid plugin could not be brought up: its load hook trapped or refused, it asked for a port
 * that is taken, its memory does not fit its cap, or its name is already in use.
 */
public class PluginLoadException extends SluiceException {
    public PluginLoadException(String message) {
        super(message);
    }

    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
