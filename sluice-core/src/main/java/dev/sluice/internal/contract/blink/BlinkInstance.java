package dev.sluice.internal.contract.blink;

import dev.sluice.component.engine.HostFunction;
import dev.sluice.component.engine.Instance;
import dev.sluice.component.engine.Memory;
import dev.sluice.component.engine.WasmFunction;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.contract.GuestExports;
import dev.sluice.internal.contract.GuestFault;
import dev.sluice.internal.contract.GuestMemory;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.PluginLog;
import dev.sluice.internal.contract.PluginText;
import dev.sluice.internal.contract.RecordBytes;
import java.util.List;
import java.util.OptionalInt;

/** One instance of a Blink plugin, called through the canonical ABI. */
final class BlinkInstance extends BlinkGuest {

    private final Instance instance;
    private final Memory memory;
    private final WasmFunction initialize;
    private final WasmFunction init;
    private final WasmFunction postInit;
    private final WasmFunction onRecord;
    private final WasmFunction realloc;

    BlinkInstance(GuestCode.ModuleCode factory, PluginContext context) {
        super(context);
        var logFunction =
                new HostFunction(
                        BlinkAbi.HOST_MODULE,
                        "log",
                        BlinkAbi.LOG_TYPE,
                        (instance, args) -> {
                            var level = PluginLog.level((int) args[0]);
                            log.log(
                                    level,
                                    GuestMemory.readString(
                                            instance.memory(),
                                            (int) args[1],
                                            (int) args[2],
                                            PluginText.MAX_LINE_BYTES,
                                            "log message"));
                            return null;
                        });
        this.instance = factory.instantiate(List.of(logFunction), log);
        this.memory = instance.memory();
        this.initialize = GuestExports.optional(instance, BlinkAbi.INITIALIZE);
        this.init = instance.export(BlinkAbi.INIT);
        this.postInit =
                GuestExports.optional(instance, BlinkAbi.POST_RETURN_PREFIX + BlinkAbi.INIT);
        this.onRecord = instance.export(BlinkAbi.ON_RECORD);
        this.realloc = instance.export(BlinkAbi.REALLOC);
    }

    @Override
    public void close() {
        instance.close();
    }

    @Override
    public OptionalInt initialise() {
        if (initialize != null) {
            initialize.apply();
        }
        int area = (int) init.apply()[0];
        // The return area belongs to the guest and may be reused: copy it out at once.
        GuestMemory.checkRange(memory, area, 4, "init's return area");
        int tag = memory.read(area) & 0xff;
        int port = memory.readShort(area + 2) & 0xffff;
        if (postInit != null) {
            postInit.apply(area);
        }
        return switch (tag) {
            case 0 -> OptionalInt.empty();
            case 1 -> OptionalInt.of(port);
            default ->
                    throw new GuestFault(
                            "init returned option<u16> with tag "
                                    + tag
                                    + " (expected 0 none or 1 some)");
        };
    }

    @Override
    boolean onRecord(RecordBytes record) {
        int topicPtr = lower(record.topic());
        byte[] key = record.key();
        int keyTag = key == null ? 0 : 1;
        int keyPtr = key == null ? 0 : lower(key);
        int keyLen = key == null ? 0 : key.length;
        byte[] value = record.value();
        int valuePtr = lower(value);
        long result =
                onRecord.apply(
                                topicPtr,
                                record.topic().length,
                                record.record().partition(),
                                keyTag,
                                keyPtr,
                                keyLen,
                                valuePtr,
                                value.length)[0];
        return (int) result != 0;
    }

    /**
     * Copies a string into memory the guest allocates with {@code cabi_realloc}; the guest owns it
     * afterwards. Called even for empty strings, as the canonical ABI does.
     */
    private int lower(byte[] bytes) {
        int ptr = (int) realloc.apply(0, 0, 1, bytes.length)[0];
        GuestMemory.write(memory, ptr, bytes, "the buffer cabi_realloc returned");
        return ptr;
    }
}
