package dev.sluice.plugin;

/** A plugin's circuit breaker, as shown in status and metrics. */
public enum BreakerState {
    /** Calls go through. */
    CLOSED,
    /** Too many failures (or no load): calls are not made until the backoff has passed. */
    OPEN,
    /** The backoff has passed and one trial call (or load) is deciding. */
    HALF_OPEN
}
