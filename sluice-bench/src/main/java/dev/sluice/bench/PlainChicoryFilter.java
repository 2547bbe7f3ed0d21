package dev.sluice.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.sluice.record.Record;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The same Blink plugin embedded the way Chicory's README shows: parse, compile with the default
 * options, one instance, no limits, no deadline, no pool. What a user gets without Sluice; Sluice
 * must beat it. One instance: not thread-safe.
 */
public final class PlainChicoryFilter implements FilterEngine {

    private final WasiPreview1 wasi;
    private final Memory memory;
    private final ExportFunction realloc;
    private final ExportFunction onRecord;

    public PlainChicoryFilter(Path plugin) {
        var module = Parser.parse(plugin);
        this.wasi = WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build();
        var log =
                new HostFunction(
                        "blink:plugin/host@0.1.0",
                        "log",
                        FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()),
                        (instance, args) -> {
                            // Read the message as a host would, then drop it.
                            instance.memory().readString((int) args[1], (int) args[2]);
                            return null;
                        });
        var imports =
                ImportValues.builder().addFunction(wasi.toHostFunctions()).addFunction(log).build();
        var instance =
                Instance.builder(module)
                        .withImportValues(imports)
                        .withMachineFactory(MachineFactoryCompiler::compile)
                        .build();
        this.memory = instance.memory();
        this.realloc = instance.export("cabi_realloc");
        this.onRecord = instance.export("blink:plugin/plugin@0.1.0#on-record");
        instance.export("blink:plugin/plugin@0.1.0#init").apply();
    }

    @Override
    public boolean accept(Record record) {
        byte[] topic = record.topic().getBytes(StandardCharsets.UTF_8);
        byte[] value = record.value().toByteArray();
        int topicPtr = lower(topic);
        long keyTag = 0;
        long keyPtr = 0;
        long keyLen = 0;
        if (record.key() != null) {
            byte[] key = record.key().toByteArray();
            keyTag = 1;
            keyPtr = lower(key);
            keyLen = key.length;
        }
        int valuePtr = lower(value);
        return onRecord.apply(
                                topicPtr,
                                topic.length,
                                record.partition(),
                                keyTag,
                                keyPtr,
                                keyLen,
                                valuePtr,
                                value.length)[0]
                != 0;
    }

    private int lower(byte[] bytes) {
        int ptr = (int) realloc.apply(0, 0, 1, bytes.length)[0];
        memory.write(ptr, bytes);
        return ptr;
    }

    @Override
    public void close() {
        wasi.close();
    }
}
