package dev.sluice;

import java.util.Collection;

/** A plugin name that is not loaded. The message lists the names that are. */
public class UnknownPluginException extends SluiceException {
    public UnknownPluginException(String name, Collection<String> known) {
        super(
                "no plugin named '"
                        + name
                        + "' is loaded"
                        + (known.isEmpty() ? "" : " (loaded: " + String.join(", ", known) + ")"));
    }
}
