package dev.sluice.bench;

import com.dylibso.chicory.log.Logger;
import dev.sluice.record.Record;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.extism.sdk.chicory.Manifest;
import org.extism.sdk.chicory.ManifestWasm;
import org.extism.sdk.chicory.Plugin;

/**
 * The same rules as an Extism plugin ({@code plugins/src/extism/content-filter.c}) run by Extism's
 * JVM SDK on Chicory, compiled ({@code withAoT}). The input is built per record, as a caller of
 * {@code Plugin.call} must. One plugin instance: not thread-safe.
 */
public final class ExtismFilter implements FilterEngine {

    private final Plugin plugin;

    public ExtismFilter(Path wasm) {
        var manifest =
                Manifest.ofWasms(ManifestWasm.fromFilePath(wasm).build())
                        .withOptions(new Manifest.Options().withAoT())
                        .build();
        this.plugin = Plugin.ofManifest(manifest).withLogger(new Discard()).build();
    }

    @Override
    public boolean accept(Record record) {
        byte[] topic = record.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = record.key() == null ? null : record.key().toByteArray();
        byte[] value = record.value().toByteArray();
        var input =
                ByteBuffer.allocate(
                                8 + topic.length + (key == null ? 0 : key.length) + value.length)
                        .order(ByteOrder.LITTLE_ENDIAN);
        input.putInt(topic.length).put(topic);
        if (key == null) {
            input.putInt(-1);
        } else {
            input.putInt(key.length).put(key);
        }
        input.put(value);
        byte[] output = plugin.call("filter", input.array());
        return output.length == 1 && output[0] == 1;
    }

    @Override
    public void close() {}

    /** Extism logs through Chicory's logger; like Sluice's rows, nothing is printed. */
    private static final class Discard implements Logger {
        @Override
        public void log(Level level, String msg, Throwable throwable) {}

        @Override
        public boolean isLoggable(Level level) {
            return false;
        }
    }
}
