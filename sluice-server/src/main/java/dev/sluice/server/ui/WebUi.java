package dev.sluice.server.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The web UI at {@code /ui}: static files from the server's own jar (folder {@code ui/} of the
 * class path, its chart library bundled there at build time), so it works with no network. The
 * pages hold no secret and need no token to load; everything they show comes from {@code /admin}
 * with the token the user types in (see docs/web-ui.md).
 */
public final class WebUi {

    /** Where the UI is served. */
    public static final String PATH = "/ui";

    /**
     * Scripts and styles from the server only: the UI never loads anything from elsewhere, and a
     * value a plugin logged can never run as script even if it slipped into the page as markup.
     */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
                    + " frame-ancestors 'none'";

    private static final Map<String, String> HEADERS =
            Map.of(
                    "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                    "X-Content-Type-Options", "nosniff",
                    // A new server version's UI is seen at the next load.
                    "Cache-Control", "no-cache");

    private WebUi() {}

    /** Serves the UI's files under {@link #PATH}, and {@code /ui} itself as its start page. */
    public static void serve(JavalinConfig config) {
        config.staticFiles.add(
                files -> {
                    files.hostedPath = PATH;
                    files.directory = "/ui";
                    files.location = Location.CLASSPATH;
                    files.headers = HEADERS;
                });
        // The start page. The router ignores a trailing slash, so /ui and /ui/ both come here:
        // /ui is sent on to /ui/, against which the page's relative links resolve.
        config.router.mount(
                routes ->
                        routes.get(
                                PATH,
                                ctx -> {
                                    if (!ctx.path().endsWith("/")) {
                                        ctx.redirect(PATH + "/");
                                        return;
                                    }
                                    HEADERS.forEach(ctx::header);
                                    ctx.contentType("text/html; charset=utf-8").result(startPage());
                                }));
    }

    private static byte[] startPage() throws IOException {
        try (InputStream in = WebUi.class.getResourceAsStream("/ui/index.html")) {
            if (in == null) {
                throw new IllegalStateException(
                        "ui/index.html is missing from the server's class path: the jar was built"
                                + " without its resources; rebuild it");
            }
            return in.readAllBytes();
        }
    }
}
