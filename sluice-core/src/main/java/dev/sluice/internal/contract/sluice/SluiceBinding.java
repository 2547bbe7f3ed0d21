package dev.sluice.internal.contract.sluice;

import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.contract.GuestInstance;
import dev.sluice.internal.contract.Lifecycle;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.PluginText;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validated {@code sluice:plugin@0.1.0} component, for one load of it: records go to {@code
 * on-records} in batches, and to {@code on-stored} when the plugin's registration asked for them.
 *
 * <p>The registration is the first instance's (its {@code init} runs while the plugin loads, before
 * the chain asks {@link #hasAfterStore}); a later instance that asks for something else is logged
 * and held to the first one's, so the chain's view of the plugin never changes under it.
 */
final class SluiceBinding implements ContractBinding {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    /** Records per call; {@code LoadedPlugin} also caps a call at 1 MiB of records. */
    static final int MAX_BATCH = 256;

    private final AtomicReference<Registration> registration = new AtomicReference<>();

    @Override
    public GuestInstance instantiate(GuestCode code, PluginContext context) {
        return new SluiceInstance((GuestCode.ComponentCode) code, context, this);
    }

    /** A new load registers anew: its config may make {@code init} ask for something else. */
    @Override
    public ContractBinding forNextLoad() {
        return new SluiceBinding();
    }

    /** Keeps the first instance's registration. */
    void registered(String plugin, Registration asked) {
        if (registration.compareAndSet(null, asked)) {
            LOG.info(
                    "plugin {} registered: wants-stored={}, subscriptions={}",
                    plugin,
                    asked.wantsStored(),
                    asked.subscriptions().stream().map(PluginText::escape).toList());
            return;
        }
        var first = registration.get();
        if (!first.equals(asked)) {
            LOG.warn(
                    "plugin {}: an instance's init asked for wants-stored={}, subscriptions={}, but"
                            + " the first instance asked for wants-stored={}, subscriptions={};"
                            + " the first registration holds (init should not depend on the"
                            + " instance)",
                    plugin,
                    asked.wantsStored(),
                    asked.subscriptions().size(),
                    first.wantsStored(),
                    first.subscriptions().size());
        }
    }

    /** The channels the plugin subscribed to; empty until its first instance initialised. */
    @Override
    public List<String> subscriptions() {
        var r = registration.get();
        return r == null ? List.of() : r.subscriptions();
    }

    @Override
    public int maxBatch() {
        return MAX_BATCH;
    }

    @Override
    public boolean hasBeforeStore() {
        return true;
    }

    /** Only when the registration asked for it; before any instance, nothing asked yet. */
    @Override
    public boolean hasAfterStore() {
        var r = registration.get();
        return r != null && r.wantsStored();
    }

    @Override
    public boolean hasLifecycleHook(Lifecycle transition) {
        return false;
    }

    @Override
    public String loadHook() {
        return "init";
    }

    @Override
    public String beforeStoreHook() {
        return "on-records";
    }

    @Override
    public String afterStoreHook() {
        return "on-stored";
    }
}
