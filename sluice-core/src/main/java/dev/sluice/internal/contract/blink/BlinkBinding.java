package dev.sluice.internal.contract.blink;

import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.contract.GuestInstance;
import dev.sluice.internal.contract.Lifecycle;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.TextGuest;
import dev.sluice.plugin.Contract;
import dev.sluice.record.Record;

/**
 * A validated Blink plugin, a core module or a component: every record goes to {@code on-record};
 * there is no post-store hook.
 */
final class BlinkBinding implements ContractBinding {

    @Override
    public GuestInstance instantiate(GuestCode code, PluginContext context) {
        return code instanceof GuestCode.ComponentCode component
                ? new BlinkComponentInstance(component, context)
                : new BlinkInstance((GuestCode.ModuleCode) code, context);
    }

    @Override
    public int maxBatch() {
        return 1;
    }

    @Override
    public String refusal(Record record) {
        return TextGuest.refusal(record, Contract.BLINK.label());
    }

    @Override
    public boolean hasBeforeStore() {
        return true;
    }

    @Override
    public boolean hasLifecycleHook(Lifecycle transition) {
        return false;
    }

    @Override
    public boolean hasAfterStore() {
        return false;
    }

    @Override
    public String loadHook() {
        return "init";
    }

    @Override
    public String beforeStoreHook() {
        return "on-record";
    }

    @Override
    public String afterStoreHook() {
        return "none";
    }
}
