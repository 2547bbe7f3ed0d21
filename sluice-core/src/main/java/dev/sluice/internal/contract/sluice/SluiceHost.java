package dev.sluice.internal.contract.sluice;

import dev.sluice.component.Linker;
import dev.sluice.component.ResultValue;
import dev.sluice.internal.contract.ComponentWasi;
import dev.sluice.internal.contract.PendingEvents;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.PluginLog;
import dev.sluice.internal.contract.PluginText;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of the world for one instance: {@code host} (log, config) and {@code metrics}
 * always; {@code state}, {@code events} (publish, held until the call succeeds) and {@code http},
 * each behind its permission; WASI 0.2. A service call never traps: refused or failed, it answers
 * the WIT's error case.
 */
final class SluiceHost {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");
    private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

    private SluiceHost() {}

    /**
     * @param events where this instance's calls hold what they publish until they succeed
     */
    static Linker linker(PluginContext context, PluginLog log, PendingEvents events) {
        var linker = new Linker();
        linker.function(
                SluiceWorld.HOST,
                "log",
                args -> {
                    log.log(
                            PluginLog.level(LEVELS.indexOf((String) args[0])),
                            PluginText.cut((String) args[1], PluginText.MAX_LINE_BYTES));
                    return null;
                });
        linker.function(
                SluiceWorld.HOST,
                "config",
                args -> Optional.ofNullable(context.configValue((String) args[0])));
        var metrics = context.metrics();
        linker.function(
                SluiceWorld.METRICS,
                "counter-add",
                args -> {
                    metrics.counterAdd((String) args[0], (Long) args[1]);
                    return null;
                });
        linker.function(
                SluiceWorld.METRICS,
                "gauge-set",
                args -> {
                    metrics.gaugeSet((String) args[0], (Double) args[1]);
                    return null;
                });
        linker.function(
                SluiceWorld.METRICS,
                "histogram-record",
                args -> {
                    metrics.histogramRecord((String) args[0], (Double) args[1]);
                    return null;
                });
        StateHost.define(linker, context.state());
        linker.function(
                SluiceWorld.EVENTS,
                "publish",
                args -> {
                    // Held until the call succeeds; a call that fails publishes nothing.
                    String refused = events.offer((String) args[0], (byte[]) args[1]);
                    return refused == null ? ResultValue.ok(null) : ResultValue.err(refused);
                });
        var http = context.http();
        linker.function(
                SluiceWorld.HTTP,
                "send",
                args -> HttpValues.result(http.send(HttpValues.request(args[0]))));
        ComponentWasi.define(linker, log);
        return linker;
    }
}
