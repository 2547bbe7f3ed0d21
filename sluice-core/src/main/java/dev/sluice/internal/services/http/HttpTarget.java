package dev.sluice.internal.services.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a request goes: scheme, host (lower case; an IPv6 address in brackets, as the allow list
 * writes it), port and the request target ({@code /path?query}). Only absolute http and https URLs
 * without user info are accepted; a fragment is dropped, as a browser does.
 */
record HttpTarget(boolean tls, String host, int port, String pathAndQuery) {

    static final int MAX_URL_LENGTH = 8192;

    static HttpTarget parse(String url) throws HttpFailure {
        if (url.length() > MAX_URL_LENGTH) {
            throw invalid("the URL is " + url.length() + " characters; at most " + MAX_URL_LENGTH);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("'" + shorten(url) + "' is not a URL: " + e.getReason());
        }
        return of(uri, url);
    }

    /** The target a redirect's {@code Location} names, relative to this one. */
    HttpTarget resolve(String location) throws HttpFailure {
        try {
            return of(toUri().resolve(new URI(location)), location);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new HttpFailure(
                    "protocol", "the redirect's Location '" + shorten(location) + "' is not a URL");
        }
    }

    private static HttpTarget of(URI uri, String url) throws HttpFailure {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(
                    "'"
                            + shorten(url)
                            + "' is not an absolute http:// or https:// URL; only those schemes"
                            + " are allowed");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("'" + shorten(url) + "' has user info; send credentials in a header");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw invalid("'" + shorten(url) + "' names no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1); // the same name, as the allow list has it
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw invalid("'" + shorten(url) + "' has port " + port + "; use 1 to 65535");
        }
        String path =
                uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new HttpTarget(tls, host, port, path + query);
    }

    boolean literal() {
        return host.startsWith("[")
                || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** {@code host:port}, as the allow list and the error messages write it. */
    String hostPort() {
        return host + ":" + port;
    }

    /** The {@code Host} header: the port only when it is not the scheme's. */
    String hostHeader() {
        return port == (tls ? 443 : 80) ? host : hostPort();
    }

    /** Same scheme, host and port: credentials may follow a redirect only within one origin. */
    boolean sameOrigin(HttpTarget other) {
        return tls == other.tls && host.equals(other.host) && port == other.port;
    }

    String describe() {
        return (tls ? "https://" : "http://") + hostHeader() + shorten(pathAndQuery);
    }

    private URI toUri() {
        return URI.create((tls ? "https://" : "http://") + hostPort() + pathAndQuery);
    }

    private static HttpFailure invalid(String message) {
        return new HttpFailure("invalid", message);
    }

    static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
