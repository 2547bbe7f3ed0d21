package dev.sluice.internal.services.http;

import dev.sluice.component.engine.WasmInterrupted;
import dev.sluice.internal.services.Denials;
import dev.sluice.internal.services.Permission;
import dev.sluice.internal.services.ServiceMetrics;
import dev.sluice.plugin.HttpClientLimits;
import dev.sluice.plugin.Permissions;
import java.net.InetAddress;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * One plugin's outgoing HTTP: checks a request ({@link RequestCheck}), refuses hosts its grant does
 * not list (no connection is made), resolves the name once and connects only to an address {@link
 * AddressRule} allows, follows a few redirects re-checking each, and counts it all in the plugin's
 * service metrics. Shared by all instances of the plugin; safe for concurrent calls.
 */
public final class PluginHttp {

    /** The reason of a failure that is a denial: counted in {@code denied}, not in errors. */
    private static final String DENIED = "denied";

    private static final List<Integer> REDIRECTS = List.of(301, 302, 303, 307, 308);

    private final String plugin;
    private final Supplier<Permissions> grant;
    private final Denials denials;
    private final ServiceMetrics metrics;
    private final Lookup lookup;
    private volatile HttpClientLimits limits = HttpClientLimits.defaults();
    private volatile SSLContext tls;

    public PluginHttp(
            String plugin, Supplier<Permissions> grant, Denials denials, ServiceMetrics metrics) {
        this(plugin, grant, denials, metrics, Resolver.SYSTEM);
    }

    PluginHttp(
            String plugin,
            Supplier<Permissions> grant,
            Denials denials,
            ServiceMetrics metrics,
            Resolver resolver) {
        this.plugin = plugin;
        this.grant = grant;
        this.denials = denials;
        this.metrics = metrics;
        this.lookup = new Lookup(resolver);
    }

    /** The engine's limits ({@code http_client.*}); calls from then on use them. */
    public void limit(HttpClientLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public HttpClientLimits limits() {
        return limits;
    }

    /** The TLS context https requests use; by default the JVM's (its trust store). */
    public void useTls(SSLContext context) {
        this.tls = Objects.requireNonNull(context, "context");
    }

    /**
     * Makes the request, following redirects. Returns the response, whatever its status, or an
     * error the plugin is given; throws the call's timeout when its deadline passes meanwhile.
     */
    public HttpResult send(PluginRequest request) {
        Permissions granted = grant.get();
        if (granted.httpAllow().isEmpty()) {
            return new HttpResult.Err(HttpResult.Failure.REFUSED, denials.deny(Permission.HTTP));
        }
        var limits = this.limits;
        long started = System.nanoTime();
        long sent = 0;
        long received = 0;
        try {
            var checked = RequestCheck.check(request, limits);
            var budget = TimeBudget.start(limits.timeout());
            HttpTarget target = checked.target();
            String method = checked.method();
            List<HttpHeader> headers = checked.headers();
            byte[] body = request.body();
            for (int hop = 0; ; hop++) {
                var refusal = refusal(target, granted, hop == 0 ? null : request.url());
                if (refusal != null) {
                    return refusal;
                }
                var address = address(target, granted, budget);
                var exchange = new Http1Exchange(limits, tls(), budget);
                PluginResponse response;
                try {
                    response = exchange.run(target, address, method, headers, body);
                } finally {
                    sent += exchange.sentBytes();
                    received += exchange.receivedBytes();
                }
                String location = header(response, "location");
                if (!REDIRECTS.contains(response.status()) || location == null) {
                    count(response.status(), started);
                    return new HttpResult.Ok(response);
                }
                if (hop == limits.maxRedirects()) {
                    throw new HttpFailure(
                            "redirects",
                            "more than "
                                    + limits.maxRedirects()
                                    + " redirects (http_client.max_redirects); the last went to "
                                    + HttpTarget.shorten(location));
                }
                metrics.count(Permission.HTTP, "redirects", 1);
                var next = target.resolve(location);
                if (target.tls() && !next.tls()) {
                    throw new HttpFailure(
                            "redirects",
                            "refused a redirect from https to "
                                    + next.describe()
                                    + " (plain http)");
                }
                int status = response.status();
                if (status == 303 || ((status == 301 || status == 302) && method.equals("POST"))) {
                    method = "GET";
                    body = new byte[0];
                }
                if (!next.sameOrigin(target)) {
                    headers = RequestCheck.withoutCredentials(headers);
                }
                target = next;
            }
        } catch (HttpFailure e) {
            if (!e.reason().equals(DENIED)) { // a denial is counted as one already
                metrics.count(Permission.HTTP, "errors", Map.of("reason", e.reason()), 1);
            }
            metrics.time(
                    Permission.HTTP,
                    "request",
                    Map.of("class", "error"),
                    System.nanoTime() - started);
            var failure =
                    switch (e.reason()) {
                        case DENIED -> HttpResult.Failure.REFUSED;
                        case "invalid" -> HttpResult.Failure.INVALID;
                        default -> HttpResult.Failure.FAILED;
                    };
            return new HttpResult.Err(failure, e.getMessage());
        } catch (WasmInterrupted e) {
            // The call's deadline: the call fails as a timeout; the request is counted here.
            metrics.count(Permission.HTTP, "errors", Map.of("reason", "deadline"), 1);
            metrics.time(
                    Permission.HTTP,
                    "request",
                    Map.of("class", "error"),
                    System.nanoTime() - started);
            throw e;
        } finally {
            metrics.count(Permission.HTTP, "sent_bytes", sent);
            metrics.count(Permission.HTTP, "received_bytes", received);
        }
    }

    /** The denial for a host the grant does not list; null if it is listed. */
    private HttpResult refusal(HttpTarget target, Permissions granted, String redirectedFrom) {
        boolean allowed =
                target.literal()
                        ? AddressRule.listed(
                                AddressRule.literal(target.host()), target.port(), granted)
                        : granted.allowsHttp(target.host(), target.port());
        if (allowed) {
            return null;
        }
        String what =
                redirectedFrom == null
                        ? ""
                        : " (a redirect from " + HttpTarget.shorten(redirectedFrom) + ")";
        return new HttpResult.Err(
                HttpResult.Failure.REFUSED,
                denials.deny(
                        Permission.HTTP,
                        "http to "
                                + target.hostPort()
                                + what
                                + " is not allowed for plugin "
                                + plugin
                                + ": add it to plugins."
                                + plugin
                                + ".permissions.http.allow"));
    }

    private InetAddress address(HttpTarget target, Permissions granted, TimeBudget budget)
            throws HttpFailure {
        if (target.literal()) {
            return AddressRule.literal(target.host());
        }
        InetAddress[] resolved = lookup.resolve(target.host(), budget);
        var usable = AddressRule.usable(resolved, target.port(), granted);
        if (usable.isEmpty()) {
            var addresses = Arrays.stream(resolved).map(InetAddress::getHostAddress).toList();
            String message =
                    target.host()
                            + " resolved to "
                            + addresses
                            + ", internal addresses a name may reach only if plugins."
                            + plugin
                            + ".permissions.http.allow lists the address itself (e.g. "
                            + (addresses.get(0).contains(":")
                                    ? "[" + addresses.get(0) + "]"
                                    : addresses.get(0))
                            + ":"
                            + target.port()
                            + "); no connection was made";
            throw new HttpFailure(DENIED, denials.deny(Permission.HTTP, message));
        }
        return usable.get(0);
    }

    private SSLContext tls() throws HttpFailure {
        var context = tls;
        if (context != null) {
            return context;
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new HttpFailure("tls", "this JVM offers no TLS: " + e.getMessage());
        }
    }

    private void count(int status, long started) {
        String statusClass = (status / 100) + "xx";
        metrics.count(
                Permission.HTTP,
                "requests",
                Map.of("status", Integer.toString(status), "class", statusClass),
                1);
        metrics.time(
                Permission.HTTP,
                "request",
                Map.of("class", statusClass),
                System.nanoTime() - started);
    }

    private static String header(PluginResponse response, String name) {
        for (var h : response.headers()) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }
}
