package dev.sluice.internal.contract;

import dev.sluice.record.Record;
import java.util.List;

/**
 * How one validated plugin speaks its contract: makes instances and says which hooks exist, so the
 * chain can skip plugins that have nothing to do at a stage.
 */
public interface ContractBinding {

    /** Instantiates the plugin with this contract's host functions. */
    GuestInstance instantiate(GuestCode code, PluginContext context);

    /**
     * A binding for another load of the same validated plugin (a rollback reuses the validation):
     * this one, unless the binding keeps what one load's instances told it.
     */
    default ContractBinding forNextLoad() {
        return this;
    }

    /** How many records one call may carry: 1 for the contracts that take a record at a time. */
    int maxBatch();

    /**
     * Why this contract cannot be given {@code record} at all (a contract of text and a record that
     * is not UTF-8), or null. The host checks it before calling, for contracts whose {@link
     * #maxBatch} is 1; the record is then rejected with this reason.
     */
    default String refusal(Record record) {
        return null;
    }

    boolean hasBeforeStore();

    boolean hasAfterStore();

    /** Whether instances have a hook for this transition (calls are skipped otherwise). */
    boolean hasLifecycleHook(Lifecycle transition);

    /**
     * Whether instances have a hook for this host event ({@link HostEvent}): OurChat's {@code
     * on_<event>} exports. None by default.
     */
    default boolean hasEventHook(String event) {
        return false;
    }

    /** The name of the hook for a host event, for logs ({@code on_user_created}). */
    default String eventHook(String event) {
        return "event hook for " + event;
    }

    /**
     * The event channels the plugin subscribed to when it loaded (the sluice world's registration);
     * none by default.
     */
    default List<String> subscriptions() {
        return List.of();
    }

    /** The hook bus events are delivered to, for logs. */
    default String deliveryHook() {
        return "on-event";
    }

    /** The load hook's name, as the contract calls it ("init", "on_plugin_load"). */
    String loadHook();

    /** The pre-store hook's name, for logs ("on-record"). */
    String beforeStoreHook();

    /** The post-store hook's name, for logs. */
    String afterStoreHook();
}
