package dev.sluice.server.admin;

import dev.sluice.Sluice;
import dev.sluice.plugin.CallLatency;
import dev.sluice.plugin.PluginDescriptor;
import dev.sluice.plugin.PluginState;
import dev.sluice.plugin.PluginStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of docs/admin-api.md: a plugin's summary and its detail. */
final class PluginView {

    private PluginView() {}

    /** Whether an operator wants it to see records (a FAILED plugin was enabled). */
    static boolean enabled(PluginStatus p) {
        return p.state() == PluginState.ENABLED || p.state() == PluginState.FAILED;
    }

    static Map<String, Object> summary(Sluice sluice, PluginStatus p, boolean uploaded) {
        var m = new LinkedHashMap<String, Object>();
        var d = p.descriptor();
        m.put("name", p.name());
        m.put("contract", d.map(x -> x.contract().label()).orElse(null));
        m.put("world", d.flatMap(PluginDescriptor::wit).orElse(null));
        m.put("status", p.state().name());
        m.put("enabled", enabled(p));
        m.put("breaker", p.breaker().name());
        m.put("source", uploaded ? "upload" : "settings");
        m.put("sha256", d.map(PluginDescriptor::sha256).orElse(null));
        m.put("size_bytes", d.map(PluginDescriptor::sizeBytes).orElse(null));
        m.put("calls", p.calls());
        // Calls that neither rejected nor failed: exact when a call is one record, a lower bound
        // for batches (rejections count records, calls count batches).
        m.put("accepted", Math.max(0, p.calls() - p.rejected() - p.failures()));
        m.put("rejected", p.rejected());
        m.put("failures", p.failures());
        var latency = sluice.latency(p.name()).orElse(CallLatency.empty());
        m.put("p50_ms", latency.percentileMillis(0.5));
        m.put("p99_ms", latency.percentileMillis(0.99));
        m.put("failure_reason", p.failureReason().orElse(null));
        return m;
    }

    static Map<String, Object> detail(
            Sluice sluice,
            PluginStatus p,
            boolean uploaded,
            PermissionsJson permissions,
            ActivityRings rings) {
        var m = summary(sluice, p, uploaded);
        var s = p.settings();
        var limits = new LinkedHashMap<String, Object>();
        limits.put("max_memory_bytes", s.maxMemoryBytes());
        limits.put("max_execution_time_ms", s.maxExecutionTime().toMillis());
        limits.put("on_error", s.onError().name().toLowerCase(Locale.ROOT));
        limits.put("max_record_bytes", s.maxRecordBytes());
        m.put("limits", limits);
        m.put("permissions", permissions);
        m.put("config", s.config());
        m.put("imports", p.descriptor().map(PluginDescriptor::services).orElse(List.of()));
        m.put("file", p.path().toString());
        // "failures" is the ring below in the detail; the count moves here.
        m.put("failure_count", p.failures());
        m.put(
                "logs",
                rings.logs(p.name()).stream()
                        .map(
                                l ->
                                        Map.of(
                                                "time", l.time().toString(),
                                                "level", l.level(),
                                                "message", l.message()))
                        .toList());
        m.put(
                "failures",
                rings.failures(p.name()).stream()
                        .map(
                                f ->
                                        Map.of(
                                                "time", f.time().toString(),
                                                "kind", f.kind().name().toLowerCase(Locale.ROOT),
                                                "message", f.message()))
                        .toList());
        return m;
    }
}
