package dev.sluice.internal.contract.blink;

import dev.sluice.internal.contract.Lifecycle;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.PluginLog;
import dev.sluice.internal.contract.RecordBytes;
import dev.sluice.internal.contract.TextGuest;
import dev.sluice.internal.contract.Verdict;
import dev.sluice.plugin.Contract;
import dev.sluice.record.StoredRecord;

/**
 * What every Blink instance shares, whatever form the plugin has: a log, the verdict drawn from
 * {@code on-record}'s answer, and no post-store or lifecycle hooks.
 */
abstract class BlinkGuest extends TextGuest {

    final PluginLog log;

    BlinkGuest(PluginContext context) {
        super(Contract.BLINK.label());
        this.log = new PluginLog(context);
    }

    /** Calls {@code on-record}: true accepts the record. */
    abstract boolean onRecord(RecordBytes record);

    @Override
    protected final Verdict beforeStore(RecordBytes record) {
        if (onRecord(record)) {
            return Verdict.ALLOW;
        }
        // The plugin's last warning usually says why; Blink's contract has no other channel.
        return new Verdict.Block(log.lastWarning().orElse("on-record returned false"));
    }

    @Override
    protected final void afterStore(StoredRecord stored, RecordBytes record) {
        // Blink has no post-store hook.
    }

    @Override
    public final void lifecycle(Lifecycle transition) {
        // Blink has no enable/disable/unload hooks.
    }

    @Override
    public final void commit() {
        // Blink plugins have nothing that waits for the call to succeed.
    }

    @Override
    public final PluginLog log() {
        return log;
    }
}
