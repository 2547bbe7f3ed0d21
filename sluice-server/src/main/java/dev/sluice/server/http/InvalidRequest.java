package dev.sluice.server.http;

/** A request the server cannot act on; answered with its status (400 unless said) and message. */
final class InvalidRequest extends RuntimeException {

    private final int status;

    InvalidRequest(String message) {
        this(400, message);
    }

    InvalidRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
