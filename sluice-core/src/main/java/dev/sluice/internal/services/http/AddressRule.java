package dev.sluice.internal.services.http;

import dev.sluice.plugin.Permissions;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which addresses a request may connect to, after the name itself passed the allow list. The rule,
 * so that a DNS answer cannot turn an allowed name into a way into the host's own network (DNS
 * rebinding):
 *
 * <ul>
 *   <li>a URL whose host is an IP address reaches exactly that address, which the allow list had to
 *       name;
 *   <li>a name may resolve to any public address;
 *   <li>an internal address — loopback, link-local (cloud metadata at 169.254.169.254), private
 *       (10/8, 172.16/12, 192.168/16, fc00::/7), shared (100.64/10), unspecified or multicast — is
 *       used only if the allow list also names that address with the same port ({@code
 *       127.0.0.1:8080}). A plugin allowed {@code lookup.internal:8080} that resolves to 10.0.0.7
 *       needs {@code 10.0.0.7:8080} listed too.
 * </ul>
 *
 * The name is resolved once per request (per redirect hop) and the connection goes to the address
 * checked here, never to a second resolution.
 */
final class AddressRule {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private AddressRule() {}

    /** The resolved addresses the rule lets this request use, in the resolver's order. */
    static List<InetAddress> usable(InetAddress[] resolved, int port, Permissions grant) {
        var usable = new ArrayList<InetAddress>(resolved.length);
        for (var address : resolved) {
            if (!internal(address) || listed(address, port, grant)) {
                usable.add(address);
            }
        }
        return usable;
    }

    /** Whether the allow list names this address itself, with this port. */
    static boolean listed(InetAddress address, int port, Permissions grant) {
        for (String entry : grant.httpAllow()) {
            int colon = entry.lastIndexOf(':');
            if (Integer.parseInt(entry.substring(colon + 1)) != port) {
                continue;
            }
            var literal = literal(entry.substring(0, colon));
            if (literal != null && literal.equals(address)) {
                return true;
            }
        }
        return false;
    }

    /** The address an IP literal ({@code 10.0.0.1}, {@code [::1]}) names; null for a DNS name. */
    static InetAddress literal(String host) {
        boolean v6 = host.startsWith("[") && host.endsWith("]");
        if (!v6 && !IPV4.matcher(host).matches()) {
            return null;
        }
        try {
            // A literal is parsed, never looked up.
            return InetAddress.getByName(v6 ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Addresses inside the host's own networks, or no unicast address at all. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // shared (CGNAT)
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique local
            }
            // IPv4 written as IPv6 (::ffff:a.b.c.d is folded to IPv4 by Java; ::a.b.c.d is not).
            boolean compatible = true;
            for (int i = 0; i < 12; i++) {
                compatible &= b[i] == 0;
            }
            if (compatible) {
                return true;
            }
        }
        return false;
    }
}
