package dev.sluice.internal.contract;

import dev.sluice.event.Event;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import java.util.List;
import java.util.OptionalInt;

/**
 * One live WebAssembly instance of a plugin, speaking its contract. The runtime owns the instance's
 * life (pooling, deadlines, replacement after failure); the contract only knows how to call into
 * it.
 *
 * <p>Used by one thread at a time. Any method may throw (a trap, an interrupt, a {@link
 * GuestFault}); the runtime then discards the instance.
 */
public interface GuestInstance {

    /** Runs once before the instance serves: WASI reactor setup and the contract's load hook. */
    OptionalInt initialise();

    /**
     * The pre-store hook, for at most {@link ContractBinding#maxBatch} records: one verdict per
     * record, in order.
     */
    List<Verdict> beforeStore(List<Record> records);

    /**
     * The post-store hook, for at most {@link ContractBinding#maxBatch} records; a no-op when the
     * contract has none.
     */
    void afterStore(List<StoredRecord> stored);

    /**
     * Delivers a host event to its hook; called only when {@link ContractBinding#hasEventHook} said
     * the plugin has one.
     */
    default void onEvent(HostEvent event) {
        throw new UnsupportedOperationException("this contract has no event hooks");
    }

    /**
     * Delivers an event from the bus on a channel the plugin subscribed to ({@link
     * ContractBinding#subscriptions}); called only for contracts that subscribe.
     */
    default void deliver(Event event) {
        throw new UnsupportedOperationException("this contract does not subscribe to channels");
    }

    /** A lifecycle hook; a no-op when the plugin does not export it. */
    void lifecycle(Lifecycle transition);

    /**
     * Publishes what the call that just returned held back until it succeeded (OurChat's events).
     * The runtime calls it only after a call succeeded; a call that failed publishes nothing.
     */
    void commit();

    /** The instance's log, reset by the runtime around each call. */
    PluginLog log();

    /**
     * Frees the engine's instance (native memory on some engines); the runtime calls it once, when
     * it drops this instance, and nothing after.
     */
    void close();
}
