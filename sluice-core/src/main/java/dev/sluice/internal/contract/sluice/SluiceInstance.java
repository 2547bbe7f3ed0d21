package dev.sluice.internal.contract.sluice;

import dev.sluice.component.ComponentFunction;
import dev.sluice.component.ComponentInstance;
import dev.sluice.component.ResultValue;
import dev.sluice.event.Event;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.contract.GuestFault;
import dev.sluice.internal.contract.GuestInstance;
import dev.sluice.internal.contract.Lifecycle;
import dev.sluice.internal.contract.PendingEvents;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.PluginLog;
import dev.sluice.internal.contract.Verdict;
import dev.sluice.internal.text.RawBytes;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One instance of a {@code sluice:plugin@0.1.0} component: {@code init} when it starts, {@code
 * on-records} once per batch, {@code on-stored} when the registration asked for it.
 */
final class SluiceInstance implements GuestInstance {

    /** Events one call may publish: one per record of a full batch, and room to spare. */
    static final int MAX_EVENTS_PER_CALL = 4 * SluiceBinding.MAX_BATCH;

    /** Channels one plugin may subscribe to. */
    static final int MAX_SUBSCRIPTIONS = 64;

    private final PluginContext context;
    private final SluiceBinding binding;
    private final PluginLog log;
    private final ComponentInstance instance;
    private final ComponentFunction init;
    private final ComponentFunction onRecords;
    private final ComponentFunction onStored;
    private final ComponentFunction onEvent;
    private final RecordsCall recordsCall = new RecordsCall();
    private final PendingEvents events;

    SluiceInstance(GuestCode.ComponentCode factory, PluginContext context, SluiceBinding binding) {
        this.context = context;
        this.binding = binding;
        this.log = new PluginLog(context);
        this.events = new PendingEvents(context, MAX_EVENTS_PER_CALL);
        this.instance = factory.instantiate(SluiceHost.linker(context, log, events));
        this.init = instance.function(SluiceWorld.INIT);
        this.onRecords = instance.function(SluiceWorld.ON_RECORDS);
        this.onStored = instance.function(SluiceWorld.ON_STORED);
        this.onEvent = instance.function(SluiceWorld.ON_EVENT);
    }

    @Override
    public void close() {
        instance.close();
    }

    /** Runs {@code init}: an error fails the load with its text; the registration is kept. */
    @Override
    public OptionalInt initialise() {
        var result = (ResultValue) init.call();
        if (!result.ok()) {
            throw new GuestFault("returned err: " + WorldValues.reason((String) result.payload()));
        }
        var registration = (Map<?, ?>) result.payload();
        var subscriptions = new ArrayList<String>();
        for (var s : (List<?>) registration.get("subscriptions")) {
            subscriptions.add((String) s);
        }
        if (subscriptions.size() > MAX_SUBSCRIPTIONS) {
            throw new GuestFault(
                    "subscribed to "
                            + subscriptions.size()
                            + " channels; a plugin may subscribe to at most "
                            + MAX_SUBSCRIPTIONS);
        }
        binding.registered(
                context.name(),
                new Registration((Boolean) registration.get("wants-stored"), subscriptions));
        return OptionalInt.empty();
    }

    /** The hot path: records written straight into guest memory, verdicts read straight out. */
    @Override
    public List<Verdict> beforeStore(List<Record> records) {
        return onRecords.callDirect(recordsCall.of(records));
    }

    /**
     * {@code on-records} through sluice-component's generic values: the reference the direct path
     * is tested against (same guest, same inputs, same answers).
     */
    List<Verdict> beforeStoreGeneric(List<Record> records) {
        var values = new ArrayList<Object>(records.size());
        for (var r : records) {
            values.add(WorldValues.record(r));
        }
        var answers = (List<?>) onRecords.call(values);
        var verdicts = new ArrayList<Verdict>(answers.size());
        for (var a : answers) {
            verdicts.add(WorldValues.verdict(a));
        }
        return verdicts;
    }

    @Override
    public void afterStore(List<StoredRecord> stored) {
        var values = new ArrayList<Object>(stored.size());
        for (var s : stored) {
            values.add(List.of(WorldValues.record(s.record()), s.offset()));
        }
        onStored.call(values);
    }

    /** Delivers an event on a subscribed channel ({@code on-event}). */
    void onEvent(String channel, byte[] payload) {
        onEvent.call(channel, payload);
    }

    @Override
    public void deliver(Event event) {
        onEvent(event.channel(), RawBytes.of(event.payload()));
    }

    @Override
    public void lifecycle(Lifecycle transition) {
        // The world has no enable/disable/unload hooks.
    }

    /** Publishes what the call held back; metrics count what the plugin did, as it did it. */
    @Override
    public void commit() {
        events.publish();
    }

    @Override
    public PluginLog log() {
        return log;
    }
}
