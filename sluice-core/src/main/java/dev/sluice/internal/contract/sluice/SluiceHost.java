package dev.sluice.internal.contract.sluice;

import dev.sluice.component.Linker;
import dev.sluice.component.ResultValue;
import dev.sluice.internal.contract.ComponentWasi;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.PluginLog;
import dev.sluice.internal.contract.PluginText;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of the world for one instance: {@code host} (log, config) and {@code metrics}
 * always; {@code http} behind its permission ({@link
 * dev.sluice.internal.services.http.PluginHttp}); {@code state} and {@code events}, which the world
 * declares but this host does not implement yet, answer every call with the WIT's error case (never
 * a trap); WASI 0.2.
 */
final class SluiceHost {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");
    private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

    private SluiceHost() {}

    static Linker linker(PluginContext context, PluginLog log) {
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
        var unavailable = new Unavailable(context.name());
        for (var name : List.of("get", "set", "delete", "increment")) {
            linker.function(SluiceWorld.STATE, name, args -> unavailable.answer("state", name));
        }
        linker.function(
                SluiceWorld.EVENTS, "publish", args -> unavailable.answer("events", "publish"));
        var http = context.http();
        linker.function(
                SluiceWorld.HTTP,
                "send",
                args -> HttpValues.result(http.send(HttpValues.request(args[0]))));
        ComponentWasi.define(linker, log);
        return linker;
    }

    /** Answers for an interface the world declares and this host does not implement yet. */
    private static final class Unavailable {
        private final String plugin;
        private final Set<String> reported = new HashSet<>();

        Unavailable(String plugin) {
            this.plugin = plugin;
        }

        ResultValue answer(String iface, String function) {
            String message =
                    iface
                            + " is not available yet: this version of Sluice declares the"
                            + " sluice:plugin/"
                            + iface
                            + " interface but does not implement it, so "
                            + iface
                            + "."
                            + function
                            + " did nothing";
            // Once per instance and interface: a plugin calling it per record must not flood.
            if (reported.add(iface)) {
                LOG.warn("plugin {}: {}", plugin, message);
            }
            return ResultValue.err(message);
        }
    }
}
