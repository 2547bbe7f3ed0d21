package dev.sluice.internal.contract.ourchat;

import dev.sluice.internal.contract.ourchat.OurChatAbi.AllocatorKind;
import dev.sluice.internal.contract.ourchat.OurChatAbi.Hook;
import java.util.Map;

/**
 * What validation found about one OurChat plugin's exports.
 *
 * @param lifecycle the lifecycle hooks it exports, each mapped to whether it returns a status
 * @param sendWithContext for {@code on_message_send}: true for the (ctx, msg, len) shape, false for
 *     (msg, len), null when not exported
 * @param sentWithContext the same for {@code on_message_sent}
 * @param allocator where host buffers come from
 * @param canFree whether the allocator has a matching free ({@code dealloc} or {@code free})
 */
record OurChatShape(
        Map<Hook, Boolean> lifecycle,
        Boolean sendWithContext,
        Boolean sentWithContext,
        AllocatorKind allocator,
        boolean canFree) {

    OurChatShape {
        lifecycle = Map.copyOf(lifecycle);
    }
}
