package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import java.nio.file.Path;

/**
 * Sluice through its public API, with the default limits on: 64 MiB of memory, a 100 ms deadline
 * per call, the failure policy and the instance pool. Thread-safe, as the engine is.
 */
public final class SluiceFilter implements FilterEngine {

    private final Sluice sluice;

    public SluiceFilter(Path plugin, ExecutionEngine engine) {
        this.sluice = Sluice.builder().build();
        var status = sluice.load(plugin, PluginSettings.builder().withEngine(engine).build());
        sluice.enable(status.name());
    }

    @Override
    public boolean accept(Record record) {
        return sluice.process(record) instanceof Decision.Accept;
    }

    @Override
    public void close() {
        sluice.close();
    }
}
