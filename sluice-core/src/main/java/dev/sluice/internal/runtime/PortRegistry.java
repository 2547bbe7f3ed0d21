package dev.sluice.internal.runtime;

import dev.sluice.PluginLoadException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Ports in use by the host and by plugins whose {@code init} asked for one. */
public final class PortRegistry {

    private final Map<Integer, String> owners = new ConcurrentHashMap<>();

    public PortRegistry(Map<Integer, String> reserved) {
        owners.putAll(reserved);
    }

    /** Claims a port for a plugin, or fails naming who has it. */
    public void claim(int port, String plugin) {
        String owner = "plugin " + plugin;
        String previous = owners.putIfAbsent(port, owner);
        if (previous != null && !previous.equals(owner)) {
            throw new PluginLoadException(
                    "plugin "
                            + plugin
                            + ": init asked for port "
                            + port
                            + ", which is already taken by "
                            + previous);
        }
    }

    public void release(int port, String plugin) {
        owners.remove(port, "plugin " + plugin);
    }
}
