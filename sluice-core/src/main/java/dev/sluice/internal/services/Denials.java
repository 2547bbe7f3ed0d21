package dev.sluice.internal.services;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one plugin was refused for want of a permission: the error every refused call answers, a
 * warning logged once per permission (a plugin asking on every record must not flood the log), and
 * a count per permission for metrics.
 */
public final class Denials {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    private final String plugin;
    private final Map<Permission, LongAdder> counts = new EnumMap<>(Permission.class);
    private final Set<Permission> logged = ConcurrentHashMap.newKeySet();

    public Denials(String plugin) {
        this.plugin = plugin;
        for (var p : Permission.values()) {
            counts.put(p, new LongAdder());
        }
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
        counts.get(permission).increment();
        if (logged.add(permission)) {
            LOG.warn(
                    "plugin {}: {} (logged once; every refusal is counted in"
                            + " sluice_plugin_denied_total)",
                    plugin,
                    message);
        }
        return message;
    }

    /** How many calls were refused for want of this permission. */
    public long count(Permission permission) {
        return counts.get(permission).sum();
    }
}
