package dev.sluice.internal.contract.ourchat;

import dev.sluice.internal.contract.ourchat.OurChatAbi.AllocatorKind;
import dev.sluice.internal.contract.ourchat.OurChatAbi.Hook;
import java.util.Map;

/**
 * What validation found about one OurChat plugin's exports.
 *
 * @param lifecycle the lifecycle hooks it exports, each mapped to whether it returns a status
 * @param send the shape of {@code on_message_send}
 * @param sent the shape of {@code on_message_sent}
 * @param allocator where host buffers come from
 * @param canFree whether the allocator has a matching free ({@code dealloc} or {@code free})
 * @param events the event hooks, by event name ({@code user_created} for {@code on_user_created}),
 *     each mapped to whether it returns a status
 */
record OurChatShape(
        Map<Hook, Boolean> lifecycle,
        MessageHook send,
        MessageHook sent,
        AllocatorKind allocator,
        boolean canFree,
        Map<String, Boolean> events) {

    /** Whether a message hook is exported, and which of the two parameter lists it takes. */
    enum MessageHook {
        ABSENT,
        /** {@code (ctx_ptr, msg_ptr, msg_len)}, as OurChat's docs show. */
        WITH_CONTEXT,
        /** {@code (msg_ptr, msg_len)}, as OurChat's engine calls it. */
        PLAIN;

        boolean exported() {
            return this != ABSENT;
        }
    }

    OurChatShape {
        lifecycle = Map.copyOf(lifecycle);
        events = Map.copyOf(events);
    }
}
