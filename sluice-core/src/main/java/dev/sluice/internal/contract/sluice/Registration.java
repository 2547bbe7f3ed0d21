package dev.sluice.internal.contract.sluice;

import java.util.List;

/**
 * What a plugin asked for in {@code init}: {@code on-stored} calls, and the event channels it
 * subscribes to (kept for the events issue; nothing delivers events yet).
 */
record Registration(boolean wantsStored, List<String> subscriptions) {
    Registration {
        subscriptions = List.copyOf(subscriptions);
    }
}
