package dev.sluice.server.kafka.group;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The coordinator's groups and how they are locked: each group has its own lock and there is none
 * over all groups; a group is created on its first JoinGroup and forgotten (marked {@link
 * GroupState#DEAD}) once it has neither members nor pending joins. Work queued in an {@link After}
 * runs once the lock is released.
 */
final class GroupTable {

    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    /** The ids of the groups known now. */
    Set<String> ids() {
        return groups.keySet();
    }

    /**
     * Runs {@code work} under the group's lock, then completes what it queued in {@code after};
     * answers {@code absent} when the group does not exist.
     */
    <T> T inGroup(String groupId, T absent, BiFunction<Group, After, T> work) {
        var after = new After();
        var g = acquire(groupId, false);
        if (g == null) {
            return absent;
        }
        try {
            return work.apply(g, after);
        } finally {
            release(g, after);
        }
    }

    void inGroup(String groupId, BiConsumer<Group, After> work) {
        inGroup(
                groupId,
                null,
                (g, after) -> {
                    work.accept(g, after);
                    return null;
                });
    }

    /** The group, locked; null when it does not exist and {@code create} is false. */
    Group acquire(String groupId, boolean create) {
        while (true) {
            var g = create ? groups.computeIfAbsent(groupId, Group::new) : groups.get(groupId);
            if (g == null) {
                return null;
            }
            g.lock.lock();
            if (g.state != GroupState.DEAD) {
                return g;
            }
            // Removed while we waited for its lock: look again.
            g.lock.unlock();
            if (!create) {
                return null;
            }
        }
    }

    /** Unlocks the group, then runs what was queued while it was held. */
    void release(Group g, After after) {
        g.lock.unlock();
        after.run();
    }

    /** A group left without members or pending joins is forgotten (its offsets stay stored). */
    void forgetIfEmpty(Group g) {
        if (g.state == GroupState.EMPTY && g.members.isEmpty() && g.pending.isEmpty()) {
            g.state = GroupState.DEAD;
            groups.remove(g.id, g);
        }
    }
}
