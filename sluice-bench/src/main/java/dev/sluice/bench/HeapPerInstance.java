package dev.sluice.bench;

import dev.sluice.internal.contract.GuestInstance;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.loader.PluginInspector;
import dev.sluice.internal.runtime.Engines;
import dev.sluice.internal.runtime.InstanceFactory;
import dev.sluice.internal.wasi.Preview1Host;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.record.Record;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Heap retained by one pooled instance of a plugin: makes instances the way the engine's pool does
 * (shared compiled module, the plugin's own memory, WASI and log), runs init and one record through
 * each, and divides the growth of the used heap after full GCs by their number. Reaches into the
 * engine's internals, which the public API rightly does not expose.
 *
 * <p>{@code java ... dev.sluice.bench.HeapPerInstance PLUGIN.wasm [COUNT]}
 */
public final class HeapPerInstance {

    private HeapPerInstance() {}

    public static void main(String[] args) throws Exception {
        Path plugin = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        var inspected = PluginInspector.load(plugin);
        var factory =
                new InstanceFactory(
                        inspected.descriptor().name(),
                        inspected.module(),
                        Engines.of(ExecutionEngine.COMPILER, null),
                        null,
                        inspected.view().importsFrom(Preview1Host.MODULE));
        var context = new PluginContext(inspected.descriptor().name(), Map.of(), event -> {});
        var record = Record.of("orders", 0, "key", "a value of a record");
        List<GuestInstance> held = new ArrayList<>();
        // One instance first, so the compiled classes are not counted.
        held.add(warm(inspected.binding().instantiate(factory, context), record));
        long before = usedHeap();
        for (int i = 0; i < count; i++) {
            held.add(warm(inspected.binding().instantiate(factory, context), record));
        }
        long after = usedHeap();
        System.out.printf(
                "{\"instances\":%d,\"bytes_per_instance\":%d}%n", count, (after - before) / count);
        if (held.size() != count + 1) {
            throw new AssertionError("lost instances");
        }
    }

    private static GuestInstance warm(GuestInstance guest, Record record) {
        guest.initialise();
        guest.beforeStore(List.of(record));
        return guest;
    }

    private static long usedHeap() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
