package dev.sluice.server.config;

import java.time.Duration;

/**
 * Whether the server follows plugin files on disk ({@code plugin.watch}), and how long a changed
 * file must stay unchanged before it is acted on ({@code plugin.watch_debounce}).
 */
public record WatchSettings(boolean enabled, Duration debounce) {

    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(500);

    public WatchSettings {
        if (debounce.isNegative() || debounce.isZero()) {
            throw new IllegalArgumentException(
                    "plugin.watch_debounce must be positive, was " + debounce);
        }
    }

    public static WatchSettings off() {
        return new WatchSettings(false, DEFAULT_DEBOUNCE);
    }
}
