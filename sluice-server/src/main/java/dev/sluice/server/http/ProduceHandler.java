package dev.sluice.server.http;

import dev.sluice.record.ChainTrace;
import dev.sluice.record.Decision;
import dev.sluice.record.StoredRecord;
import dev.sluice.server.ingest.ProduceOutcome;
import dev.sluice.server.ingest.ProducePath;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /produce}: reads the records of a body ({@link RecordJson}), hands them to the {@link
 * ProducePath}, and answers with what became of them (shapes in docs/operations.md). With {@code
 * ?dry_run=true} it answers what each plugin made of them instead, storing nothing.
 */
final class ProduceHandler {

    /** Status for a record a plugin refused: the request was fine, its content was not. */
    static final int REJECTED = 422;

    /** Status for a record no plugin looked at (overloaded, or a failed plugin failing closed). */
    static final int UNAVAILABLE = 503;

    /** Status for records the storage can never hold (WebDAV's Insufficient Storage). */
    static final int STORAGE_FULL = 507;

    private final ProducePath path;

    ProduceHandler(ProducePath path) {
        this.path = path;
    }

    void handle(Context ctx, RequestBody body) {
        boolean dryRun = dryRun(ctx.queryParam("dry_run"));
        var request = RecordJson.request(body, System.currentTimeMillis());
        if (dryRun) {
            ctx.json(dryRunAnswer(path.dryRun(request.records())));
            return;
        }
        var outcome = path.produce(request.records());
        // One branch per outcome; Java 17 has no pattern switch, so the last branch refuses an
        // outcome this code does not know instead of the compiler doing so.
        if (outcome instanceof ProduceOutcome.Stored stored) {
            ctx.json(request.batch() ? batchStored(stored) : stored(stored.stored().get(0)));
        } else if (outcome instanceof ProduceOutcome.Rejected rejected) {
            ctx.status(REJECTED).json(rejected(rejected, request.batch()));
        } else if (outcome instanceof ProduceOutcome.Unavailable unavailable) {
            unavailable(ctx, unavailable, request.batch());
        } else if (outcome instanceof ProduceOutcome.StorageFull full) {
            ctx.status(STORAGE_FULL).json(Map.of("error", full.message()));
        } else {
            throw new IllegalStateException("no answer for the outcome " + outcome);
        }
    }

    private static boolean dryRun(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "" -> true;
            case "false", "0" -> false;
            default ->
                    throw new InvalidRequest(
                            "query parameter 'dry_run' must be true or false, got '"
                                    + RequestBody.quote(value)
                                    + "'");
        };
    }

    /**
     * One record: where the first record stored for it went, and every record stored for it. A
     * record a plugin dropped stored nothing: the input's topic and partition, offset null.
     */
    private static Map<String, Object> stored(List<StoredRecord> stored) {
        var out = new LinkedHashMap<String, Object>();
        if (stored.isEmpty()) {
            out.put("topic", null);
            out.put("partition", null);
            out.put("offset", null);
        } else {
            var first = stored.get(0);
            out.put("topic", first.record().topic());
            out.put("partition", first.record().partition());
            out.put("offset", first.offset());
        }
        out.put("records", placements(stored));
        return out;
    }

    private static Map<String, Object> batchStored(ProduceOutcome.Stored stored) {
        var results = new ArrayList<Map<String, Object>>(stored.stored().size());
        for (var each : stored.stored()) {
            var result = new LinkedHashMap<String, Object>();
            result.put("status", "stored");
            result.put("records", placements(each));
            results.add(result);
        }
        return Map.of("results", results);
    }

    private static List<Map<String, Object>> placements(List<StoredRecord> stored) {
        var out = new ArrayList<Map<String, Object>>(stored.size());
        for (var s : stored) {
            var m = new LinkedHashMap<String, Object>();
            m.put("topic", s.record().topic());
            m.put("partition", s.record().partition());
            m.put("offset", s.offset());
            out.add(m);
        }
        return out;
    }

    /**
     * The first rejection, as for one record; a batch adds one result per record: rejected, or not
     * stored because another was.
     */
    private static Map<String, Object> rejected(ProduceOutcome.Rejected rejected, boolean batch) {
        var first = rejected.rejection();
        var out = new LinkedHashMap<String, Object>();
        out.put("error", "rejected");
        out.put("plugin", first.plugin());
        out.put("reason", first.reason());
        if (!batch) {
            return out;
        }
        out.put("index", rejected.first());
        var results = new ArrayList<Map<String, Object>>();
        for (var decision : rejected.decisions()) {
            var result = new LinkedHashMap<String, Object>();
            if (decision instanceof Decision.Reject reject) {
                result.put("status", "rejected");
                result.put("plugin", reject.plugin());
                result.put("reason", reject.reason());
            } else if (decision instanceof Decision.Unavailable unavailable) {
                result.put("status", "unavailable");
                result.put("plugin", unavailable.plugin());
                result.put("reason", unavailable.reason());
            } else if (decision instanceof Decision.Accept
                    || decision instanceof Decision.Replace) {
                result.put("status", "not_stored");
                result.put(
                        "reason",
                        "records["
                                + rejected.first()
                                + "] was rejected, and a request is stored whole or not at all");
            } else {
                throw new IllegalStateException("no result for the decision " + decision);
            }
            results.add(result);
        }
        out.put("results", results);
        return out;
    }

    private static void unavailable(
            Context ctx, ProduceOutcome.Unavailable outcome, boolean batch) {
        var unavailable = outcome.unavailable();
        var response = new LinkedHashMap<String, Object>();
        response.put("error", unavailable.error());
        response.put("plugin", unavailable.plugin());
        response.put("reason", unavailable.reason());
        if (batch) {
            response.put("index", outcome.index());
        }
        long seconds = Math.max(1, (unavailable.retryAfter().toMillis() + 999) / 1000);
        ctx.header("Retry-After", Long.toString(seconds));
        ctx.status(UNAVAILABLE).json(response);
    }

    /** What the chain would do: its verdict per record, and every plugin call. */
    private static Map<String, Object> dryRunAnswer(ChainTrace trace) {
        var out = new LinkedHashMap<String, Object>();
        out.put("dry_run", true);
        var results = new ArrayList<Map<String, Object>>(trace.decisions().size());
        for (var decision : trace.decisions()) {
            results.add(RecordWriter.verdict(decision));
        }
        out.put("results", results);
        var steps = new ArrayList<Map<String, Object>>(trace.steps().size());
        for (var step : trace.steps()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("plugin", step.plugin());
            m.put("records", RecordWriter.records(step.records()));
            var verdicts = new ArrayList<Map<String, Object>>(step.decisions().size());
            for (var decision : step.decisions()) {
                verdicts.add(RecordWriter.verdict(decision));
            }
            m.put("verdicts", verdicts);
            m.put("log", step.log());
            m.put("nanos", step.nanos());
            steps.add(m);
        }
        out.put("steps", steps);
        return out;
    }
}
