package dev.sluice.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.http.HttpApi;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The management API under {@code /admin} (docs/admin-api.md; the OpenAPI document
 * docs/admin-api.json is served at {@code /admin/openapi.json}). Every call but that document needs
 * {@code Authorization: Bearer <token>}; without it the answer is 401 and nothing is done.
 */
public final class AdminApi {

    /** One route: what {@link #ROUTES} registers, and what the OpenAPI test compares. */
    public record Route(HandlerType method, String path) {}

    /** Every route under /admin, in the OpenAPI document's path syntax. */
    public static final List<Route> ROUTES =
            List.of(
                    new Route(HandlerType.GET, "/admin/openapi.json"),
                    new Route(HandlerType.GET, "/admin/plugins"),
                    new Route(HandlerType.GET, "/admin/plugins/{name}"),
                    new Route(HandlerType.PUT, "/admin/plugins/{name}"),
                    new Route(HandlerType.DELETE, "/admin/plugins/{name}"),
                    new Route(HandlerType.POST, "/admin/plugins/{name}/reload"),
                    new Route(HandlerType.POST, "/admin/plugins/{name}/enable"),
                    new Route(HandlerType.POST, "/admin/plugins/{name}/disable"),
                    new Route(HandlerType.PUT, "/admin/plugins/{name}/config"),
                    new Route(HandlerType.PUT, "/admin/plugins/{name}/permissions"),
                    new Route(HandlerType.PUT, "/admin/chain"),
                    new Route(HandlerType.GET, "/admin/history"),
                    new Route(HandlerType.GET, "/admin/catalog"),
                    new Route(HandlerType.POST, "/admin/catalog/install"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PluginAdmin admin;
    private final AdminToken token;
    private final History history;
    private final CatalogAdmin catalog;
    private final byte[] openApi;

    public AdminApi(PluginAdmin admin, CatalogAdmin catalog, AdminToken token, History history) {
        this.admin = admin;
        this.catalog = catalog;
        this.token = token;
        this.history = history;
        this.openApi = openApiDocument();
    }

    /** The OpenAPI document, bundled from docs/admin-api.json at build time. */
    public static byte[] openApiDocument() {
        try (InputStream in = AdminApi.class.getResourceAsStream("/admin/admin-api.json")) {
            return Objects.requireNonNull(
                            in, "admin/admin-api.json (from docs/) is not on the class path")
                    .readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void register(Javalin app) {
        app.before("/admin/*", this::authorise);
        for (Route route : ROUTES) {
            app.addHttpHandler(route.method(), route.path(), handler(route));
        }
    }

    private void authorise(Context ctx) {
        if (ctx.path().equals("/admin/openapi.json")) {
            return; // the API's description is public; doing anything needs the token
        }
        if (!token.accepts(ctx.header("Authorization"))) {
            ctx.skipRemainingHandlers();
            answer(
                    ctx,
                    401,
                    Map.of(
                            "error",
                            "missing or wrong admin token: send 'Authorization: Bearer <token>'"
                                    + " with the token from admin.token_file (the server's"
                                    + " startup log says where it is)"));
        }
    }

    private Handler handler(Route route) {
        Handler body = handlerFor(route);
        return ctx -> {
            try {
                body.handle(ctx);
            } catch (AdminError e) {
                answer(ctx, e.status(), e.body());
            }
        };
    }

    private Handler handlerFor(Route route) {
        String key = route.method() + " " + route.path();
        switch (key) {
            case "GET /admin/openapi.json":
                return ctx -> ctx.contentType("application/json").result(openApi);
            case "GET /admin/plugins":
                return ctx -> ctx.json(admin.list());
            case "GET /admin/plugins/{name}":
                return ctx -> ctx.json(admin.detail(ctx.pathParam("name")));
            case "PUT /admin/plugins/{name}":
                return this::upload;
            case "DELETE /admin/plugins/{name}":
                return ctx -> ctx.json(admin.delete(ctx.pathParam("name")));
            case "POST /admin/plugins/{name}/reload":
                return ctx -> ctx.json(admin.reload(ctx.pathParam("name")));
            case "POST /admin/plugins/{name}/enable":
                return ctx -> ctx.json(admin.enable(ctx.pathParam("name"), true));
            case "POST /admin/plugins/{name}/disable":
                return ctx -> ctx.json(admin.enable(ctx.pathParam("name"), false));
            case "PUT /admin/plugins/{name}/config":
                return ctx ->
                        ctx.json(
                                admin.config(
                                        ctx.pathParam("name"),
                                        read(ctx, new TypeReference<Map<String, String>>() {})));
            case "PUT /admin/plugins/{name}/permissions":
                return ctx ->
                        ctx.json(
                                admin.permissions(
                                        ctx.pathParam("name"),
                                        read(ctx, new TypeReference<PermissionsJson>() {})));
            case "PUT /admin/chain":
                return ctx -> {
                    var body = read(ctx, new TypeReference<Map<String, List<String>>>() {});
                    if (body.get("order") == null) {
                        throw new AdminError(400, "the body must be {\"order\": [names]}");
                    }
                    ctx.json(admin.chain(body.get("order")));
                };
            case "GET /admin/history":
                return ctx ->
                        ctx.json(
                                Map.of(
                                        "interval_ms",
                                        History.INTERVAL.toMillis(),
                                        "samples",
                                        history.samples()));
            case "GET /admin/catalog":
                return ctx -> ctx.json(catalog.list());
            case "POST /admin/catalog/install":
                return ctx ->
                        ctx.json(
                                catalog.install(
                                        read(
                                                ctx,
                                                new TypeReference<
                                                        CatalogAdmin.InstallRequest>() {})));
            default:
                throw new IllegalStateException("no handler for " + key);
        }
    }

    private void upload(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > admin.maxUpload()) {
            throw new AdminError(
                    413,
                    "the plugin file ("
                            + declared
                            + " bytes) is larger than admin.max_upload ("
                            + admin.maxUpload()
                            + " bytes); nothing was changed");
        }
        var result = admin.upload(ctx.pathParam("name"), ctx.req().getInputStream());
        answer(ctx, result.status(), result.body());
    }

    /** A small JSON body (config, permissions, order), read within http.max_request_size. */
    private static <T> T read(Context ctx, TypeReference<T> type) {
        String text = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        try {
            T value = JSON.readValue(text, type);
            if (value == null) {
                throw new AdminError(400, "the body is empty; send JSON");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new AdminError(
                    400,
                    "the body is not the JSON this call takes ("
                            + e.getOriginalMessage()
                            + "); see /admin/openapi.json");
        }
    }

    private static void answer(Context ctx, int status, Object body) {
        ctx.attribute(HttpApi.ANSWERED, true);
        ctx.status(status).json(body);
    }
}
