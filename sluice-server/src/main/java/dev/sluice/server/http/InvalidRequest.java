package dev.sluice.server.http;

/** A request the server cannot act on; answered with 400 and this message. */
final class InvalidRequest extends RuntimeException {
    InvalidRequest(String message) {
        super(message, null, false, false);
    }
}
