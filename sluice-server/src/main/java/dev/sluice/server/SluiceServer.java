package dev.sluice.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.Sluice;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginStatus;
import dev.sluice.server.admin.ActivityRings;
import dev.sluice.server.admin.AdminApi;
import dev.sluice.server.admin.AdminState;
import dev.sluice.server.admin.AdminToken;
import dev.sluice.server.admin.CatalogAdmin;
import dev.sluice.server.admin.History;
import dev.sluice.server.admin.PluginAdmin;
import dev.sluice.server.config.Settings;
import dev.sluice.server.config.StorageSettings;
import dev.sluice.server.http.HttpApi;
import dev.sluice.server.ingest.ProducePath;
import dev.sluice.server.kafka.KafkaBroker;
import dev.sluice.server.kafka.group.ConsumerGroups;
import dev.sluice.server.log.RecordLog;
import dev.sluice.server.log.TopicLog;
import dev.sluice.server.log.disk.DiskLog;
import dev.sluice.server.metrics.ServerMetrics;
import dev.sluice.server.state.StateStores;
import dev.sluice.server.ui.WebUi;
import dev.sluice.server.watch.PluginWatcher;
import dev.sluice.state.StateException;
import dev.sluice.state.StateStore;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone server: loads the plugins, opens the record log (on disk unless {@code
 * storage.type: memory}), then serves the HTTP API over it. Plugins are all loaded before the port
 * opens, so no record can slip past a plugin that is still loading. With {@code kafka_port} set the
 * Kafka protocol is served too, over the same produce path and log.
 */
public final class SluiceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);

    /** Everything opened, closed in the reverse order (on a failed start too). */
    private final OpenResources resources = new OpenResources();

    // Set once, by open(); not final only because open() is a method of its own.
    private Sluice sluice;
    private StateStore state;
    private RecordLog log;
    private Javalin http;
    private KafkaBroker kafka;
    private ConsumerGroups groups;

    private SluiceServer(Settings settings) {
        try {
            open(settings);
        } catch (Throwable e) { // also what a library throws without declaring it
            resources.closeAll();
            throw e;
        }
    }

    /** Opens everything, each part kept in {@link #resources} as soon as it is open. */
    private void open(Settings settings) {
        var metrics = new ServerMetrics();
        try {
            this.state = StateStores.open(settings.state());
        } catch (StateException e) {
            throw new ServerStartException(
                    e.getMessage() + " (settings: " + settings.source() + ")", e);
        }
        resources.add("the state store", state::close);
        LOG.info("plugin state: {}", StateStores.describe(settings.state()));
        var admin = settings.admin();
        AdminState stored;
        try {
            stored = admin.enabled() ? AdminState.read(admin.stateFile()) : AdminState.empty();
        } catch (UncheckedIOException e) {
            throw new ServerStartException(e.getMessage(), e);
        }
        var rings = new ActivityRings();
        var builder =
                Sluice.builder()
                        .withDefaults(settings.defaults())
                        .withStateStore(state)
                        .withEventLimits(settings.events())
                        .withEventListener(metrics::event)
                        .withActivityListener(rings)
                        .withHttpClientLimits(settings.httpClient());
        // The broker's topic list exists before the plugins, which partition by it.
        try {
            this.kafka =
                    settings.kafka().enabled()
                            ? new KafkaBroker(
                                    settings.kafka(),
                                    settings.storage().type() == StorageSettings.Type.DISK
                                            ? Optional.of(settings.storage().dataDir())
                                            : Optional.empty())
                            : null;
        } catch (RuntimeException e) { // the topic list under data_dir cannot be read
            throw new ServerStartException(
                    e.getMessage() + "; check data_dir in " + settings.source(), e);
        }
        if (kafka != null) {
            resources.add("the Kafka broker", kafka::close);
            builder.withPartitioner(kafka.partitioner());
        }
        settings.compileCache().ifPresent(builder::withCompileCache);
        settings.maxTotalMemory().ifPresent(builder::withMaxTotalMemory);
        if (settings.restPort() != 0) {
            builder.withReservedPort(settings.restPort(), "the REST API");
        }
        this.sluice = builder.build();
        resources.add("the plugins", sluice::close);
        PluginBootstrap.loadAll(settings, sluice, stored);
        metrics.watch(sluice);
        logSummary();

        try {
            this.log = openLog(settings.storage());
        } catch (UncheckedIOException e) {
            throw new ServerStartException(
                    e.getMessage() + "; check data_dir in " + settings.source(), e);
        }
        resources.add("the record log", log::close);
        metrics.watch(log);
        if (kafka != null) {
            try {
                this.groups = ConsumerGroups.open(settings.groups(), settings.storage());
            } catch (UncheckedIOException e) {
                throw new ServerStartException(
                        e.getMessage() + "; check data_dir in " + settings.source(), e);
            }
            // After the listener: commits still queued are answered, then the offsets file closes.
            resources.add("the consumer groups", groups::close);
            kafka.withApis(groups.apis());
        }
        ProducePath path;
        if (kafka != null) {
            kafka.seed(log);
            path = new ProducePath(sluice, log, metrics, kafka::onStored);
        } else {
            path = new ProducePath(sluice, log, metrics);
        }
        var limits = settings.http();
        this.http =
                Javalin.create(
                        config -> {
                            config.showJavalinBanner = false;
                            config.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
                            config.http.maxRequestSize = limits.maxRequestBytes();
                            JettyLimits.apply(config.jetty, settings);
                            WebUi.serve(config);
                        });
        new HttpApi(sluice, log, path, metrics, limits).register(http);
        PluginAdmin plugins = null;
        if (admin.enabled()) {
            AdminToken token;
            CatalogAdmin catalog;
            plugins = new PluginAdmin(sluice, settings, stored, rings, () -> metrics.watch(sluice));
            try {
                token = AdminToken.loadOrCreate(admin.tokenFile());
                catalog = new CatalogAdmin(plugins, admin);
            } catch (UncheckedIOException | IllegalArgumentException e) {
                throw new ServerStartException(e.getMessage(), e);
            }
            var history = new History(sluice);
            resources.add("the admin history", history::close);
            new AdminApi(plugins, catalog, token, history).register(http);
        }
        try {
            http.start();
        } catch (RuntimeException e) {
            throw new ServerStartException(
                    "cannot listen on "
                            + settings.restAddress()
                            + ":"
                            + settings.restPort()
                            + " ("
                            + rootMessage(e)
                            + "); is another server using that port? Set rest_port in "
                            + settings.source(),
                    e);
        }
        resources.add("the HTTP listener", http::stop);
        if (kafka != null) {
            try {
                kafka.start(path, log, settings.restAddress());
            } catch (RuntimeException e) {
                throw new ServerStartException(
                        e.getMessage()
                                + "; is another broker using that port? Set kafka_port in "
                                + settings.source()
                                + " (0 turns the Kafka listener off)",
                        e);
            }
            // Closed again, first: the listener stops before anything it uses (closing is
            // idempotent; the first entry covers a start that failed before this point).
            resources.add("the Kafka listener", kafka::close);
        }
        var watcher =
                watch(
                        settings,
                        sluice,
                        plugins == null ? settings::settingsFor : plugins::settingsFor);
        if (watcher != null) {
            resources.add("the plugin watcher", watcher::close);
        }
        LOG.info("Sluice listening on http://{}:{}", settings.restAddress(), port());
        if (kafka != null) {
            LOG.info("Kafka protocol on {}:{}", settings.restAddress(), kafka.port());
        }
    }

    /** With {@code plugin.watch: true}, follows the plugin files on disk; else null. */
    private static PluginWatcher watch(
            Settings settings, Sluice sluice, Function<String, PluginSettings> settingsFor) {
        if (!settings.watch().enabled() || !settings.pluginsEnabled()) {
            return null;
        }
        try {
            return new PluginWatcher(
                    sluice,
                    settings.pluginDirectory().stream().toList(),
                    settings.pluginPaths(),
                    settingsFor,
                    settings.watch().debounce());
        } catch (IOException e) {
            // Serving goes on without it: the plugins loaded at start keep running.
            LOG.error(
                    "cannot watch the plugin files ({}); plugin.watch is off for this run",
                    e.toString());
            return null;
        }
    }

    /** Loads the plugins and starts serving. */
    public static SluiceServer start(Settings settings) {
        return new SluiceServer(settings);
    }

    public int port() {
        return http.port();
    }

    /** The Kafka listener's port, if it runs. */
    public OptionalInt kafkaPort() {
        return kafka == null ? OptionalInt.empty() : OptionalInt.of(kafka.port());
    }

    public Sluice engine() {
        return sluice;
    }

    public RecordLog topics() {
        return log;
    }

    private static RecordLog openLog(StorageSettings storage) {
        return switch (storage.type()) {
            case MEMORY -> new TopicLog(storage.retentionMaxBytes());
            case DISK -> DiskLog.open(storage);
        };
    }

    private void logSummary() {
        var plugins = sluice.plugins();
        LOG.info("{} plugin{} loaded", plugins.size(), plugins.size() == 1 ? "" : "s");
        for (PluginStatus p : plugins) {
            LOG.info(
                    "  {} — {} {}, {}{}; granted {}",
                    p.name(),
                    p.descriptor().map(d -> d.contract().label()).orElse("unreadable"),
                    p.descriptor().map(d -> d.form().label()).orElse("plugin"),
                    p.state().name(),
                    p.port().isPresent() ? ", port " + p.port().getAsInt() : "",
                    granted(p.settings().permissions()));
        }
    }

    private static String granted(Permissions p) {
        return p.granted().isEmpty() ? "nothing" : String.join(", ", p.granted());
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    /**
     * Stops the listeners first (no new records), then the admin history, the consumer groups and
     * the log, unloads the plugins and closes their state: the reverse of the order they opened in.
     */
    @Override
    public void close() {
        resources.closeAll();
    }

    /** A configured plugin could not be loaded and {@code plugin.require_all} is set. */
    public static final class PluginRequiredException extends RuntimeException {
        PluginRequiredException(String message) {
            super(message);
        }
    }

    /** The server could not open its port. */
    public static final class ServerStartException extends RuntimeException {
        ServerStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
