package dev.sluice.server.cli;

/** A records or expect file of {@code sluice plugin test} that cannot be used, naming the line. */
final class BadInput extends RuntimeException {
    BadInput(String message) {
        super(message, null, false, false);
    }
}
