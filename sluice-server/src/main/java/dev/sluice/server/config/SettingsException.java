package dev.sluice.server.config;

/**
 * A settings file is wrong. The message names the file, the key (and line, when known), what was
 * found and what was expected; it is meant to be shown to the user as it is.
 */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
