package dev.sluice.bench;

import dev.sluice.record.Record;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The same Blink core module on GraalWasm through the polyglot API (the 25.x API: {@code
 * module.newInstance(imports)}), with the log import as a host function and GraalWasm's own WASI
 * preview 1. Needs JDK 21+; whether the Graal JIT compiles the guest depends on how the JVM was
 * started (see {@link GraalJit}). One context: not thread-safe.
 */
public final class GraalWasmFilter implements FilterEngine {

    private final Context context;
    private final Value memory;
    private final Value realloc;
    private final Value onRecord;

    public GraalWasmFilter(Path plugin) throws IOException {
        this.context =
                Context.newBuilder("wasm")
                        .option("wasm.Builtins", "wasi_snapshot_preview1")
                        .option("engine.WarnInterpreterOnly", "false")
                        .build();
        var source =
                Source.newBuilder("wasm", ByteSequence.create(Files.readAllBytes(plugin)), "plugin")
                        .build();
        var module = context.eval(source);
        ProxyExecutable log =
                args -> {
                    // Read the message as a host would, then drop it.
                    readString(args[1].asInt(), args[2].asInt());
                    return null;
                };
        var imports =
                ProxyObject.fromMap(
                        Map.of("blink:plugin/host@0.1.0", ProxyObject.fromMap(Map.of("log", log))));
        var exports = module.newInstance(imports).getMember("exports");
        this.memory = exports.getMember("memory");
        this.realloc = exports.getMember("cabi_realloc");
        this.onRecord = exports.getMember("blink:plugin/plugin@0.1.0#on-record");
        if (exports.hasMember("_initialize")) {
            exports.getMember("_initialize").execute();
        }
        exports.getMember("blink:plugin/plugin@0.1.0#init").execute();
    }

    private String readString(int ptr, int len) {
        var bytes = new byte[len];
        memory.readBuffer(ptr, bytes, 0, len);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean accept(Record record) {
        byte[] topic = record.topic().getBytes(StandardCharsets.UTF_8);
        byte[] value = record.value().toByteArray();
        int topicPtr = lower(topic);
        int keyTag = 0;
        int keyPtr = 0;
        int keyLen = 0;
        if (record.key() != null) {
            byte[] key = record.key().toByteArray();
            keyTag = 1;
            keyPtr = lower(key);
            keyLen = key.length;
        }
        int valuePtr = lower(value);
        return onRecord.execute(
                                topicPtr,
                                topic.length,
                                record.partition(),
                                keyTag,
                                keyPtr,
                                keyLen,
                                valuePtr,
                                value.length)
                        .asInt()
                != 0;
    }

    /** No bulk write exists on polyglot buffers: eight bytes at a time, then the rest. */
    private int lower(byte[] bytes) {
        int ptr = realloc.execute(0, 0, 1, bytes.length).asInt();
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            long word = 0;
            for (int b = 7; b >= 0; b--) {
                word = (word << 8) | (bytes[i + b] & 0xffL);
            }
            memory.writeBufferLong(ByteOrder.LITTLE_ENDIAN, ptr + i, word);
        }
        for (; i < bytes.length; i++) {
            memory.writeBufferByte(ptr + i, bytes[i]);
        }
        return ptr;
    }

    @Override
    public void close() {
        context.close();
    }
}
