package dev.sluice.component.engine.chicory;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import dev.sluice.component.engine.Code;
import dev.sluice.component.engine.HostFunction;
import dev.sluice.component.engine.Imports;
import dev.sluice.component.engine.Instance;
import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.component.engine.Module;
import java.util.function.Function;

/**
 * A module compiled by Chicory: the module its instances are made from (function bodies decoded
 * unless the machines never read them), the machines that run it (null: the interpreter), and the
 * limits its memory runs with.
 */
final class ChicoryCode implements Code {

    private final ChicoryModule module;
    private final WasmModule runs;
    private final Function<com.dylibso.chicory.runtime.Instance, Machine> machines;
    private final com.dylibso.chicory.wasm.types.MemoryLimits memoryLimits;
    private final boolean callStartExport;

    ChicoryCode(
            ChicoryModule module,
            WasmModule runs,
            Function<com.dylibso.chicory.runtime.Instance, Machine> machines,
            MemoryLimits memoryLimits,
            boolean callStartExport) {
        this.module = module;
        this.runs = runs;
        this.machines = machines;
        this.memoryLimits = memoryLimits == null ? null : Types.chicory(memoryLimits);
        this.callStartExport = callStartExport;
    }

    @Override
    public Module module() {
        return module;
    }

    @Override
    public Instance instantiate(Imports imports) {
        var instance = new ChicoryInstance(module);
        var values = ImportValues.builder();
        for (HostFunction f : imports.functions()) {
            var handle = f.handle();
            values.addFunction(
                    new com.dylibso.chicory.runtime.HostFunction(
                            f.module(),
                            f.name(),
                            Types.chicory(f.functionType()),
                            (chicory, args) -> handle.apply(instance.attach(chicory), args)));
        }
        for (var item : imports.items()) {
            String m = item.module();
            String n = item.name();
            Object value = item.value();
            if (value instanceof ChicoryMemory memory) {
                values.addMemory(new ImportMemory(m, n, memory.memory));
            } else if (value instanceof ChicoryTable table) {
                values.addTable(new ImportTable(m, n, table.table()));
            } else if (value instanceof ChicoryGlobal global) {
                values.addGlobal(new ImportGlobal(m, n, global.global()));
            } else {
                throw new IllegalArgumentException(
                        m + "." + n + " was made by another engine than Chicory: " + value);
            }
        }
        var builder =
                com.dylibso.chicory.runtime.Instance.builder(runs)
                        .withImportValues(values.build())
                        .withStart(callStartExport)
                        // Chicory's default ByteBufferMemory spends a large share of a call in
                        // buffer bounds and byte-order checks; the paged byte[] memory, through
                        // VarHandles, is bounds-checked just as strictly and much cheaper.
                        .withMemoryFactory(ByteArrayMemory::new);
        if (machines != null) {
            builder.withMachineFactory(machines);
        }
        if (memoryLimits != null) {
            builder.withMemoryLimits(memoryLimits);
        }
        try {
            return instance.attach(builder.build());
        } catch (ChicoryException e) {
            throw ChicoryErrors.map(e);
        }
    }
}
