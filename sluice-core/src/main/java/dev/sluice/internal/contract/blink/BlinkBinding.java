package dev.sluice.internal.contract.blink;

import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.GuestInstance;
import dev.sluice.internal.contract.Lifecycle;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.runtime.ComponentFactory;
import dev.sluice.internal.runtime.InstanceFactory;
import dev.sluice.internal.runtime.PluginCode;

/**
 * A validated Blink plugin, a core module or a component: every record goes to {@code on-record};
 * there is no post-store hook.
 */
final class BlinkBinding implements ContractBinding {

    @Override
    public GuestInstance instantiate(PluginCode code, PluginContext context) {
        return code instanceof ComponentFactory component
                ? new BlinkComponentInstance(component, context)
                : new BlinkInstance((InstanceFactory) code, context);
    }

    @Override
    public int maxBatch() {
        return 1;
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
