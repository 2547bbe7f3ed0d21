package dev.sluice.internal.services.http;

/**
 * A request that failed in a way the plugin is told about (never the deadline, which throws the
 * call's timeout). {@code reason} is the bounded label it is counted under.
 */
final class HttpFailure extends Exception {

    private final String reason;

    HttpFailure(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
