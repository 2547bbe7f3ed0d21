package dev.sluice.internal.contract.blink;

import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.GuestInstance;
import dev.sluice.internal.contract.Lifecycle;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.runtime.InstanceFactory;

/**
 * A validated Blink plugin: every record goes to {@code on-record}; there is no post-store hook.
 */
final class BlinkBinding implements ContractBinding {

    @Override
    public GuestInstance instantiate(InstanceFactory factory, PluginContext context) {
        return new BlinkInstance(factory, context);
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
    public String beforeStoreHook() {
        return "on-record";
    }

    @Override
    public String afterStoreHook() {
        return "none";
    }
}
