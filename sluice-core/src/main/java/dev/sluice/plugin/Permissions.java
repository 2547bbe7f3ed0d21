package dev.sluice.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host services a plugin may use beyond logging, its configuration and its metrics, which are
 * always granted. Nothing is granted unless listed: {@link #none()} is the default, and a call to a
 * service that is not granted returns an error naming the permission (it never traps).
 *
 * @param state the plugin's own key-value state (the {@code state} interface; OurChat's {@code
 *     kv_*} imports)
 * @param publish the event channels the plugin may publish to (the {@code events} interface;
 *     OurChat's {@code emit_event}, whose channel is the event type). Subscribing needs no
 *     permission: what a plugin receives is what others chose to publish.
 * @param httpAllow the {@code host:port} pairs outgoing HTTP may reach: an exact host name or IP
 *     address, or {@code *.example.com} for any name under that domain (not the domain itself).
 *     Empty: no outgoing HTTP at all.
 */
public record Permissions(boolean state, Set<String> publish, List<String> httpAllow) {

    private static final Permissions NONE = new Permissions(false, Set.of(), List.of());

    /** A channel name: the shape OurChat event names and sluice channels share. */
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}");

    /** A DNS name (with an optional leading wildcard label), an IPv4 address or [IPv6]. */
    private static final Pattern HOST =
            Pattern.compile(
                    "(\\*\\.)?[a-z0-9]([a-z0-9\\-]{0,62})(\\.[a-z0-9]([a-z0-9\\-]{0,62}))*"
                            + "|\\[[0-9a-f:.]+\\]");

    public Permissions {
        publish = Set.copyOf(Objects.requireNonNull(publish, "publish"));
        httpAllow = List.copyOf(Objects.requireNonNull(httpAllow, "httpAllow"));
        for (String channel : publish) {
            if (!isChannel(channel)) {
                throw new IllegalArgumentException(
                        "event channel '"
                                + channel
                                + "' is not a channel name ("
                                + CHANNEL_RULE
                                + ")");
            }
        }
        for (String entry : httpAllow) {
            checkHostPort(entry);
        }
    }

    /** What {@link #isChannel} accepts, for error messages. */
    public static final String CHANNEL_RULE =
            "letters, digits, '_', '.', '-'; at most 128; starting with a letter or digit";

    /** Whether a name can be an event channel's (publish, subscribe, a grant). */
    public static boolean isChannel(String name) {
        return CHANNEL.matcher(name).matches();
    }

    /** Nothing granted: the default. */
    public static Permissions none() {
        return NONE;
    }

    /** The permission names granted, for logs and inspect: {@code state}, {@code events}, … */
    public List<String> granted() {
        var names = new ArrayList<String>(3);
        if (state) {
            names.add("state");
        }
        if (!publish.isEmpty()) {
            names.add("events" + publish.stream().sorted().toList());
        }
        if (!httpAllow.isEmpty()) {
            names.add("http" + httpAllow);
        }
        return List.copyOf(names);
    }

    /** Whether the plugin may publish on this channel. */
    public boolean mayPublish(String channel) {
        return publish.contains(channel);
    }

    /**
     * Whether outgoing HTTP may reach this host and port. The host is compared without case; a
     * wildcard entry {@code *.example.com:443} allows {@code a.example.com} and {@code
     * b.a.example.com} but not {@code example.com}. This looks at names only: whoever connects must
     * also check the address a name resolves to (see the http service).
     */
    public boolean allowsHttp(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : httpAllow) {
            int colon = entry.lastIndexOf(':');
            if (Integer.parseInt(entry.substring(colon + 1)) != port) {
                continue;
            }
            String allowed = entry.substring(0, colon);
            if (allowed.startsWith("*.")
                    ? h.endsWith(allowed.substring(1)) && h.length() > allowed.length() - 1
                    : allowed.equals(h)) {
                return true;
            }
        }
        return false;
    }

    private static void checkHostPort(String entry) {
        int colon = entry == null ? -1 : entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new IllegalArgumentException(
                    "http allow entry '" + entry + "' is not host:port (e.g. api.example.com:443)");
        }
        String host = entry.substring(0, colon);
        if (!HOST.matcher(host).matches() || !host.equals(host.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                    "http allow entry '"
                            + entry
                            + "' names no host: use a lower-case DNS name, *.domain, an IPv4"
                            + " address or [IPv6]");
        }
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "http allow entry '" + entry + "' needs a port from 1 to 65535");
        }
    }

    /** A copy granting state as well. */
    public Permissions withState(boolean granted) {
        return new Permissions(granted, publish, httpAllow);
    }

    /** A copy that may publish on these channels (replacing the ones before). */
    public Permissions withPublish(Set<String> channels) {
        return new Permissions(state, channels, httpAllow);
    }

    /** A copy allowing outgoing HTTP to these {@code host:port} entries (replacing the others). */
    public Permissions withHttpAllow(List<String> entries) {
        return new Permissions(state, publish, entries);
    }
}
