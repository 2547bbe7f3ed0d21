package dev.sluice.kafka;

import dev.sluice.PluginLoadException;
import dev.sluice.PluginValidationException;
import dev.sluice.Sluice;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Sluice engine with the plugins a {@link ChainConfig} names loaded and enabled, in order. It is
 * thread-safe: one chain serves every task or stream thread of a process. Close it when the last
 * user is done; that stops the engine's threads and frees the plugins' instances.
 */
public final class SluiceChain implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceChain.class);

    private final Sluice sluice;
    private final List<String> plugins;
    private final LongAdder rejected = new LongAdder();
    private final Set<String> warnedRejecting = ConcurrentHashMap.newKeySet();

    private SluiceChain(Sluice sluice, List<String> plugins) {
        this.sluice = sluice;
        this.plugins = List.copyOf(plugins);
    }

    /**
     * Starts a chain from Kafka-style properties ({@code plugins} and the rest of {@link
     * ChainConfig}).
     *
     * @throws ConfigException naming the key at fault: a missing file, a plugin that does not load,
     *     configuration for a plugin that is not in the chain
     */
    public static SluiceChain start(Map<?, ?> properties) {
        return start(new ChainConfig(properties));
    }

    /** Starts a chain from parsed settings; see {@link #start(Map)}. */
    public static SluiceChain start(ChainConfig config) {
        List<Path> files = config.plugins();
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            names.add(Sluice.pluginName(file));
        }
        checkConfiguredPlugins(config, names);
        Sluice.Builder builder = Sluice.builder();
        config.compileCache().ifPresent(builder::withCompileCache);
        Sluice sluice = builder.build();
        try {
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                String name = names.get(i);
                try {
                    sluice.load(file, config.settingsFor(name));
                } catch (PluginValidationException | PluginLoadException e) {
                    throw new ConfigException(
                            ChainConfig.PLUGINS,
                            file.toString(),
                            "plugin " + name + " could not be loaded: " + e.getMessage());
                }
                sluice.enable(name);
            }
        } catch (RuntimeException e) {
            sluice.close();
            throw e;
        }
        LOG.info("Sluice chain started: {}", String.join(" -> ", names));
        return new SluiceChain(sluice, names);
    }

    /** A {@code config.<plugin>.…} key naming no plugin of the chain is a typo. */
    private static void checkConfiguredPlugins(ChainConfig config, List<String> names) {
        Set<String> unknown = new TreeSet<>();
        for (String key : config.originalsWithPrefix(ChainConfig.PLUGIN_CONFIG_PREFIX).keySet()) {
            int dot = key.indexOf('.');
            String plugin = dot < 0 ? key : key.substring(0, dot);
            if (dot < 0 || !names.contains(plugin)) {
                unknown.add(ChainConfig.PLUGIN_CONFIG_PREFIX + key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(
                    "configuration for no plugin of the chain: "
                            + String.join(", ", unknown)
                            + " (keys are "
                            + ChainConfig.PLUGIN_CONFIG_PREFIX
                            + "<plugin>.<key>; the plugins are "
                            + String.join(", ", names)
                            + ")");
        }
    }

    /** Runs the chain on one record. Never throws because of a plugin. */
    public Decision process(Record record) {
        return sluice.process(record);
    }

    /**
     * Counts a rejection and logs it: at WARN the first time each plugin rejects, then at DEBUG (a
     * filter that rejects often would flood the worker's log).
     */
    public void noteRejected(String topic, Decision.Reject reject) {
        rejected.increment();
        if (warnedRejecting.add(reject.plugin())) {
            LOG.warn(
                    "plugin {} rejected a record of topic {}: {} (further rejections are logged at"
                            + " DEBUG)",
                    reject.plugin(),
                    topic,
                    reject.reason());
        } else {
            LOG.debug(
                    "plugin {} rejected a record of topic {}: {}",
                    reject.plugin(),
                    topic,
                    reject.reason());
        }
    }

    /** How many records the chain rejected since it started (through {@link #noteRejected}). */
    public long rejectedCount() {
        return rejected.sum();
    }

    /** The plugins' names, in chain order. */
    public List<String> plugins() {
        return plugins;
    }

    /** The engine itself, for status, metrics and hot reload ({@code docs/embedding.md}). */
    public Sluice engine() {
        return sluice;
    }

    @Override
    public void close() {
        sluice.close();
    }
}
