package dev.sluice.server.http;

import dev.sluice.Sluice;
import dev.sluice.plugin.PluginState;
import dev.sluice.plugin.PluginStatus;
import dev.sluice.server.config.HttpSettings;
import dev.sluice.server.ingest.ProducePath;
import dev.sluice.server.log.RecordLog;
import dev.sluice.server.metrics.ServerMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: produce, fetch, health, plugins, metrics. See docs/operations.md for the request
 * and response shapes.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    /** Status for a fetch from before the first offset retention kept (as Kafka's error). */
    static final int OFFSET_OUT_OF_RANGE = 416;

    private static final int MAX_FETCH = 10_000;

    private static final Set<String> FETCH_FIELDS =
            new LinkedHashSet<>(List.of("topic", "partition", "offset", "max_records"));

    private static final String ANSWERED = "sluice.error-answered";

    private final Sluice sluice;
    private final RecordLog log;
    private final ServerMetrics metrics;
    private final BodyReader bodies;
    private final ProduceHandler produce;

    /** The HTTP API storing through {@code path}, the produce path every ingress shares. */
    public HttpApi(
            Sluice sluice,
            RecordLog log,
            ProducePath path,
            ServerMetrics metrics,
            HttpSettings limits) {
        this.sluice = sluice;
        this.log = log;
        this.metrics = metrics;
        this.bodies = new BodyReader(limits.maxRequestBytes(), limits.bodyTimeout());
        this.produce = new ProduceHandler(path);
    }

    public void register(Javalin app) {
        app.post("/produce", ctx -> withBody(ctx, body -> produce.handle(ctx, body)));
        app.post("/fetch", ctx -> withBody(ctx, body -> fetch(ctx, body)));
        app.get("/health", this::health);
        app.get("/plugins", this::plugins);
        app.get(
                "/metrics",
                ctx ->
                        ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                                .result(metrics.scrape()));
        app.exception(InvalidRequest.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(
                CompletionException.class,
                (e, ctx) -> {
                    if (e.getCause() instanceof InvalidRequest invalid) {
                        error(ctx, invalid.status(), invalid.getMessage());
                    } else {
                        internalError(ctx, e.getCause() == null ? e : e.getCause());
                    }
                });
        app.exception(Exception.class, (e, ctx) -> internalError(ctx, e));
        app.error(
                404,
                ctx -> {
                    // Handlers that answered 404 themselves (fetch) already wrote their error.
                    if (ctx.attribute(ANSWERED) == null) {
                        error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
                    }
                });
        app.error(
                405,
                ctx -> error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path()));
    }

    /**
     * Runs {@code handler} once the body has arrived, without holding a thread while it arrives
     * (see {@link BodyReader#read}).
     */
    private void withBody(Context ctx, Consumer<RequestBody> handler) {
        ctx.future(() -> bodies.read(ctx).thenAccept(handler));
    }

    /** A bug, not the client's fault: logged in full, answered without naming Java types. */
    private static void internalError(Context ctx, Throwable e) {
        LOG.error("{} {} failed", ctx.method(), LogText.escape(ctx.path()), e);
        error(ctx, 500, "internal error; the server log has the details");
    }

    private void fetch(Context ctx, RequestBody body) {
        body.onlyFields(FETCH_FIELDS);
        String topic = body.requiredText("topic");
        int partition = (int) body.number("partition", 0, Integer.MAX_VALUE);
        long offset = body.number("offset", 0, Long.MAX_VALUE);
        int max = (int) body.number("max_records", 100, MAX_FETCH);
        var slice = log.read(topic, partition, offset, max);
        if (slice.isEmpty()) {
            error(ctx, 404, "no such topic partition: " + topic + "/" + partition);
            return;
        }
        long first = slice.get().startOffset();
        if (offset < first) {
            // As Kafka's OFFSET_OUT_OF_RANGE: silently skipping ahead would hide the loss.
            ctx.attribute(ANSWERED, true);
            var response = new LinkedHashMap<String, Object>();
            response.put(
                    "error",
                    "offset "
                            + offset
                            + " of "
                            + topic
                            + "/"
                            + partition
                            + " is no longer stored: retention (storage.retention.max_bytes or"
                            + " max_age)"
                            + " removed it; the first offset still stored is "
                            + first);
            response.put("log_start_offset", first);
            response.put("high_watermark", slice.get().highWatermark());
            ctx.status(OFFSET_OUT_OF_RANGE).json(response);
            return;
        }
        var records = new ArrayList<Map<String, Object>>();
        for (var entry : slice.get().records()) {
            var r = new LinkedHashMap<String, Object>();
            r.put("offset", entry.offset());
            RecordWriter.content(r, entry.record());
            records.add(r);
        }
        long next =
                records.isEmpty()
                        ? Math.min(offset, slice.get().highWatermark())
                        : slice.get().records().get(records.size() - 1).offset() + 1;
        var response = new LinkedHashMap<String, Object>();
        response.put("topic", topic);
        response.put("partition", partition);
        response.put("records", records);
        response.put("next_offset", next);
        response.put("log_start_offset", first);
        response.put("high_watermark", slice.get().highWatermark());
        ctx.json(response);
    }

    private void health(Context ctx) {
        var plugins = new LinkedHashMap<String, String>();
        var failed = new LinkedHashMap<String, String>();
        for (var p : sluice.plugins()) {
            plugins.put(p.name(), p.state().name());
            if (p.state() == PluginState.FAILED) {
                failed.put(p.name(), p.failureReason().orElse("failed"));
            }
        }
        var response = new LinkedHashMap<String, Object>();
        // Still serving (200): a failed plugin follows its on_error, but operators must know.
        response.put("status", failed.isEmpty() ? "UP" : "DEGRADED");
        response.put("plugins", plugins);
        if (!failed.isEmpty()) {
            response.put("failed", failed);
        }
        ctx.json(response);
    }

    private void plugins(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PluginStatus p : sluice.plugins()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("name", p.name());
            m.put("contract", p.descriptor().map(d -> d.contract().label()).orElse(null));
            m.put("form", p.descriptor().map(d -> d.form().label()).orElse(null));
            m.put("state", p.state().name());
            m.put("breaker", p.breaker().name());
            m.put("port", p.port().isPresent() ? p.port().getAsInt() : null);
            m.put("calls", p.calls());
            m.put("rejected", p.rejected());
            m.put("failures", p.failures());
            m.put("host_failures", p.hostFailures());
            m.put("failure_reason", p.failureReason().orElse(null));
            m.put("max_memory_bytes", p.settings().maxMemoryBytes());
            m.put("max_execution_time_ms", p.settings().maxExecutionTime().toMillis());
            m.put("on_error", p.settings().onError().name().toLowerCase(Locale.ROOT));
            out.add(m);
        }
        ctx.json(out);
    }

    private static void error(Context ctx, int status, String message) {
        ctx.attribute(ANSWERED, true);
        ctx.status(HttpStatus.forStatus(status)).json(Map.of("error", message));
    }
}
