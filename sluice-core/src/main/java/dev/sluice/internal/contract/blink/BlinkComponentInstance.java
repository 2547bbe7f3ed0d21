package dev.sluice.internal.contract.blink;

import dev.sluice.component.ComponentFunction;
import dev.sluice.component.ComponentInstance;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.PluginLog;
import dev.sluice.internal.contract.PluginText;
import dev.sluice.internal.contract.RecordBytes;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One instance of a Blink plugin built as a component, run by the component-model runtime: the
 * host's {@code log} and WASI 0.2 are its imports, {@code init} and {@code on-record} are called
 * with component values.
 */
final class BlinkComponentInstance extends BlinkGuest {

    private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

    private final ComponentInstance instance;
    private final ComponentFunction init;
    private final ComponentFunction onRecord;

    BlinkComponentInstance(GuestCode.ComponentCode factory, PluginContext context) {
        super(context);
        var linker = BlinkComponents.linker(log);
        this.instance = factory.instantiate(linker);
        this.init = instance.function(BlinkAbi.INIT);
        this.onRecord = instance.function(BlinkAbi.ON_RECORD);
    }

    @Override
    public void close() {
        instance.close();
    }

    /** The log-level enum arrives as its case name. */
    static void log(PluginLog log, Object level, Object message) {
        log.log(
                PluginLog.level(LEVELS.indexOf((String) level)),
                PluginText.cut((String) message, PluginText.MAX_LINE_BYTES));
    }

    @Override
    public OptionalInt initialise() {
        var asked = (Optional<?>) init.call();
        return asked.map(port -> OptionalInt.of((Integer) port)).orElse(OptionalInt.empty());
    }

    @Override
    boolean onRecord(RecordBytes record) {
        byte[] key = record.key();
        // Strings go in as UTF-8 bytes, which the runtime copies without re-encoding.
        return (Boolean)
                onRecord.call(
                        record.topic(),
                        Integer.toUnsignedLong(record.record().partition()),
                        key == null ? Optional.empty() : Optional.of(key),
                        record.value());
    }
}
