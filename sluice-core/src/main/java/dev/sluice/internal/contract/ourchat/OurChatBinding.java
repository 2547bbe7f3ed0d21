package dev.sluice.internal.contract.ourchat;

import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.contract.GuestInstance;
import dev.sluice.internal.contract.Lifecycle;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.TextGuest;
import dev.sluice.plugin.Contract;
import dev.sluice.record.Record;

/** A validated OurChat plugin; which hooks it has was settled by validation. */
final class OurChatBinding implements ContractBinding {

    private final OurChatShape shape;

    OurChatBinding(OurChatShape shape) {
        this.shape = shape;
    }

    @Override
    public GuestInstance instantiate(GuestCode code, PluginContext context) {
        // OurChat plugins are core modules: the inspector admits no other form.
        return new OurChatInstance((GuestCode.ModuleCode) code, context, shape);
    }

    @Override
    public int maxBatch() {
        return 1;
    }

    @Override
    public String refusal(Record record) {
        return TextGuest.refusal(record, Contract.OURCHAT.label());
    }

    @Override
    public boolean hasBeforeStore() {
        return shape.send().exported();
    }

    @Override
    public boolean hasLifecycleHook(Lifecycle transition) {
        return shape.lifecycle().containsKey(OurChatAbi.Hook.of(transition));
    }

    @Override
    public boolean hasAfterStore() {
        return shape.sent().exported();
    }

    @Override
    public boolean hasEventHook(String event) {
        return shape.events().containsKey(event);
    }

    @Override
    public String eventHook(String event) {
        return OurChatAbi.EVENT_PREFIX + event;
    }

    @Override
    public String loadHook() {
        return OurChatAbi.ON_LOAD;
    }

    @Override
    public String beforeStoreHook() {
        return OurChatAbi.ON_SEND;
    }

    @Override
    public String afterStoreHook() {
        return OurChatAbi.ON_SENT;
    }
}
