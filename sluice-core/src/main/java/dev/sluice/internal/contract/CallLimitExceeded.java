package dev.sluice.internal.contract;

/**
 * A plugin call asked a host function for more than one call may have (bytes written to stdout and
 * stderr, poll subscriptions, …). The call fails, as it does when it runs out of time, and counts
 * as the plugin's failure.
 */
public final class CallLimitExceeded extends RuntimeException {

    public CallLimitExceeded(String message) {
        super(message, null, false, false);
    }
}
