package dev.sluice.server.cli.scaffold;

/** A project cannot be written as asked; the message says why and what to do instead. */
public final class ScaffoldException extends RuntimeException {
    ScaffoldException(String message) {
        super(message);
    }
}
