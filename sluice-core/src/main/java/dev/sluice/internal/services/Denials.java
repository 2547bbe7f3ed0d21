package dev.sluice.internal.services;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one plugin was refused for want of a permission: the error every refused call answers, a
 * warning logged once per permission (a plugin asking on every record must not flood the log), and
 * a count per permission in the plugin's service metrics ({@code sluice_<service>_denied_total}).
 */
public final class Denials {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    private final String plugin;
    private final ServiceMetrics metrics;
    private final Set<Permission> logged = ConcurrentHashMap.newKeySet();

    public Denials(String plugin, ServiceMetrics metrics) {
        this.plugin = plugin;
        this.metrics = metrics;
    }

    /**
     * Refuses a call to a service that is not granted at all, with the message the WIT promises.
     */
    public String deny(Permission permission) {
        return deny(
                permission,
                "permission '"
                        + permission.key()
                        + "' is not granted to plugin "
                        + plugin
                        + " (settings: plugins."
                        + plugin
                        + ".permissions)");
    }

    /**
     * Refuses a call the grant does not cover (a channel or host not listed), with a message that
     * names what was asked and the settings key that would allow it.
     */
    public String deny(Permission permission, String message) {
        metrics.count(permission, "denied", 1);
        if (logged.add(permission)) {
            LOG.warn(
                    "plugin {}: {} (logged once; every refusal is counted in"
                            + " sluice_{}_denied_total)",
                    plugin,
                    message,
                    permission.key());
        }
        return message;
    }

    /** How many calls were refused for want of this permission. */
    public long count(Permission permission) {
        return metrics.total(permission, "denied", java.util.Map.of());
    }
}
