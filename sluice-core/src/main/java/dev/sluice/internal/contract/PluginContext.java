package dev.sluice.internal.contract;

import dev.sluice.event.EventLimits;
import dev.sluice.internal.metrics.PluginMetrics;
import dev.sluice.internal.services.Denials;
import dev.sluice.internal.services.ServiceMetrics;
import dev.sluice.internal.services.events.EventBus;
import dev.sluice.internal.services.http.PluginHttp;
import dev.sluice.internal.services.state.StateService;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginActivity;
import dev.sluice.plugin.PluginActivityListener;
import dev.sluice.plugin.PluginEvent;
import dev.sluice.plugin.PluginEventListener;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.state.InMemoryStateStore;
import dev.sluice.state.StateLimits;
import dev.sluice.state.StateStore;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What all instances of one plugin share with the host: its name, its configuration, the values it
 * stored for itself, and where its events go. Outlives any single instance, so state a plugin
 * stores through the host survives an instance being replaced.
 */
public final class PluginContext {

    private static final Logger EVENTS = LoggerFactory.getLogger("sluice.events");

    /** Bounds on what a plugin may store through the host, so it cannot exhaust the heap. */
    public static final int MAX_STORED_KEYS = 1024;

    public static final int MAX_STORED_VALUE_BYTES = 64 * 1024;

    private final String name;
    private volatile Map<String, String> config;
    private final Map<String, String> stored = new ConcurrentHashMap<>();
    private final PluginEventListener listener;
    private volatile long maxRecordBytes;
    private final PluginMetrics metrics;
    private final ServiceMetrics serviceMetrics;
    private final Denials denials;
    private final StateService state;
    private final EventBus bus;
    private final PluginHttp http;

    /** Who hears what the plugin logs and how its calls fail (a server's rings); set at load. */
    private volatile PluginActivityListener activity = PluginActivityListener.NONE;

    /** Read on every service call; replaced whole when an operator changes the grant. */
    private volatile Permissions permissions = Permissions.none();

    /** A context with the default record size limit, on a bus of its own that no one hears. */
    public PluginContext(String name, Map<String, String> config, PluginEventListener listener) {
        this(name, config, listener, PluginSettings.DEFAULT_MAX_RECORD_BYTES);
    }

    /** The bus of contexts made outside an engine (tests, inspection): no one subscribes to it. */
    private static final class Unheard {
        static final EventBus BUS = new EventBus(EventLimits.defaults());
    }

    /** A context on its own bus and an in-memory state store (tests, inspection). */
    public PluginContext(
            String name,
            Map<String, String> config,
            PluginEventListener listener,
            long maxRecordBytes) {
        this(name, config, listener, maxRecordBytes, Unheard.BUS);
    }

    /** A context on this bus, with an in-memory state store (tests, benchmarks). */
    public PluginContext(
            String name,
            Map<String, String> config,
            PluginEventListener listener,
            long maxRecordBytes,
            EventBus bus) {
        this(
                name,
                config,
                listener,
                maxRecordBytes,
                bus,
                new InMemoryStateStore(),
                StateLimits.defaults());
    }

    /**
     * @param maxRecordBytes the plugin's {@code max_record_bytes}: what it is given, and what a
     *     record it rewrites may grow to
     * @param bus where what it publishes goes
     * @param stateStore where the plugin's state lives (the engine's, shared by all plugins, each
     *     in its own namespace)
     * @param stateLimits what the plugin may keep there
     */
    public PluginContext(
            String name,
            Map<String, String> config,
            PluginEventListener listener,
            long maxRecordBytes,
            EventBus bus,
            StateStore stateStore,
            StateLimits stateLimits) {
        this.name = name;
        this.config = Map.copyOf(config);
        this.listener = listener;
        this.maxRecordBytes = maxRecordBytes;
        this.metrics = new PluginMetrics(name);
        this.serviceMetrics = new ServiceMetrics(name);
        this.denials = new Denials(name, serviceMetrics);
        this.http = new PluginHttp(name, this::permissions, denials, serviceMetrics);
        this.bus = bus;
        this.state =
                new StateService(
                        name, stateStore, stateLimits, this::permissions, denials, serviceMetrics);
    }

    /** Sends what the plugin logs and how its calls fail to {@code listener} from now on. */
    public void observe(PluginActivityListener listener) {
        this.activity = Objects.requireNonNull(listener, "listener");
    }

    /** A line the plugin logged (cut and escaped), for the activity listener. */
    public void logged(String level, String message) {
        tell(new PluginActivity.Logged(name, Instant.now(), level, message));
    }

    /** A failure of the plugin's, for the activity listener. */
    public void report(PluginActivity.FailureKind kind, String message) {
        tell(new PluginActivity.Failed(name, Instant.now(), kind, message));
    }

    private void tell(PluginActivity what) {
        try {
            activity.onActivity(what);
        } catch (RuntimeException e) {
            EVENTS.warn("activity listener failed on plugin {}: {}", name, e.toString());
        }
    }

    /** The event bus the plugin publishes on. */
    public EventBus bus() {
        return bus;
    }

    /** The plugin's key-value state (permission {@code state}). */
    public StateService state() {
        return state;
    }

    /**
     * Takes a new version's settings (a hot reload): its configuration, record size limit and state
     * limits; what the plugin stored, its metrics and its state stay. The grant is the loaded
     * plugin's to set ({@link #grant}): it may have been changed at runtime.
     */
    public void reconfigure(PluginSettings settings) {
        this.config = Map.copyOf(settings.config());
        this.maxRecordBytes = settings.maxRecordBytes();
        state.limit(settings.stateLimits());
    }

    /** What the plugin is granted now. */
    public Permissions permissions() {
        return permissions;
    }

    /** Changes the grant; calls from then on see it, without a reload. */
    public void grant(Permissions permissions) {
        this.permissions = Objects.requireNonNull(permissions, "permissions");
    }

    /** The host's metrics about this plugin's use of state, events and http. */
    public ServiceMetrics serviceMetrics() {
        return serviceMetrics;
    }

    /** The plugin's outgoing HTTP (the {@code http} interface, OurChat's {@code http_request}). */
    public PluginHttp http() {
        return http;
    }

    /** Calls refused for want of a permission. */
    public Denials denials() {
        return denials;
    }

    public String name() {
        return name;
    }

    public long maxRecordBytes() {
        return maxRecordBytes;
    }

    /** The metrics the plugin defines (the sluice world's {@code metrics} interface). */
    public PluginMetrics metrics() {
        return metrics;
    }

    /** A value the plugin stored, else the configured one, else null. */
    public String configValue(String key) {
        String value = stored.get(key);
        return value != null ? value : config.get(key);
    }

    public void storeConfig(String key, String value) {
        if (!stored.containsKey(key) && stored.size() >= MAX_STORED_KEYS) {
            throw new GuestFault(
                    "set_config: the plugin already stored " + MAX_STORED_KEYS + " keys");
        }
        stored.put(key, value);
    }

    /** A copy of what the plugin stored for itself. */
    public Map<String, String> storedConfig() {
        return Map.copyOf(stored);
    }

    /**
     * Logs the event (its data escaped, so it cannot forge log lines) and hands it, as sent, to the
     * listener; a failing listener never fails the plugin.
     */
    public void publish(int type, String data) {
        var event = new PluginEvent(name, type, data);
        EVENTS.info("event from plugin {}: type={} data={}", name, type, PluginText.escape(data));
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            EVENTS.warn("event listener failed on an event from plugin {}: {}", name, e.toString());
        }
    }

    /** Says that a call emitted more events than a call may. */
    void reportDroppedEvents(int dropped, int max) {
        EVENTS.warn(
                "plugin {}: {} more events from one call were dropped: at most {} events per call",
                name,
                dropped,
                max);
    }
}
