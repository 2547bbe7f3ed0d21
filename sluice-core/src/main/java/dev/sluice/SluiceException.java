package dev.sluice;

/**
 * The root of everything Sluice throws. Subclasses are named after the phase that failed, so the
 * type alone says where to look.
 */
public class SluiceException extends RuntimeException {
    public SluiceException(String message) {
        super(message);
    }

    public SluiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
