package dev.sluice.testing;

import dev.sluice.Sluice;
import dev.sluice.plugin.PluginEvent;
import dev.sluice.plugin.PluginSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An engine for one test, with its plugin log lines and events captured. Create it as a test field
 * and close it in {@code @AfterEach}.
 */
public final class EngineHarness implements AutoCloseable {

    private final List<PluginEvent> events = new CopyOnWriteArrayList<>();
    private final LogCapture pluginLog = LogCapture.of("sluice.plugin");
    private final Sluice sluice;

    public EngineHarness() {
        this(Sluice.builder());
    }

    /** An engine from this builder; its event listener is replaced by the capture. */
    public EngineHarness(Sluice.Builder builder) {
        this.sluice = builder.withEventListener(events::add).build();
    }

    public Sluice sluice() {
        return sluice;
    }

    /** Lines plugins logged (logger {@code sluice.plugin.*}). */
    public LogCapture pluginLog() {
        return pluginLog;
    }

    /** Events plugins published, in order. */
    public List<PluginEvent> events() {
        return events;
    }

    /** Loads and enables a plugin; returns its name. */
    public String loadEnabled(Path file, PluginSettings settings) {
        var status = sluice.load(file, settings);
        sluice.enable(status.name());
        return status.name();
    }

    @Override
    public void close() {
        sluice.close();
        pluginLog.close();
    }
}
