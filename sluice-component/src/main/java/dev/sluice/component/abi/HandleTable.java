package dev.sluice.component.abi;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.types.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The resource handles of one component instance. Handle 0 is never given out, so a guest's
 * zero-initialised variables are never valid handles; freed slots are reused.
 */
public final class HandleTable {

    /** A bound on live handles, so a guest that leaks them fails instead of exhausting the heap. */
    static final int MAX_HANDLES = 1 << 20;

    private final ArrayList<Handle> entries = new ArrayList<>();
    private final ArrayList<Integer> free = new ArrayList<>();
    private final Set<ResourceType> implemented =
            Collections.newSetFromMap(new IdentityHashMap<>());

    public HandleTable() {
        entries.add(null);
    }

    /** This instance implements {@code type}: its handles may be created and read here. */
    public void define(ResourceType type) {
        implemented.add(type);
    }

    public boolean implementsType(ResourceType type) {
        return implemented.contains(type);
    }

    /** {@code canon resource.new}. */
    public int resourceNew(ResourceType type, Object rep) {
        return add(new Handle(type, rep, true, null));
    }

    /** {@code canon resource.rep}. */
    public Object resourceRep(ResourceType type, int handle) {
        return get(handle, type).rep;
    }

    /**
     * {@code canon resource.drop}: the representation whose destructor must run when an owned
     * handle is dropped, or null for a borrow.
     */
    public Object resourceDrop(ResourceType type, int handle) {
        var h = get(handle, type);
        if (h.own && h.lends != 0) {
            throw new ComponentTrap("handle " + handle + " was dropped while lent to a call");
        }
        remove(handle);
        if (h.own) {
            return h.rep;
        }
        h.scope.borrows--;
        return null;
    }

    int add(Handle h) {
        if (!free.isEmpty()) {
            int i = free.remove(free.size() - 1);
            entries.set(i, h);
            return i;
        }
        if (entries.size() >= MAX_HANDLES) {
            throw new ComponentTrap("more than " + MAX_HANDLES + " live resource handles");
        }
        entries.add(h);
        return entries.size() - 1;
    }

    Handle get(int handle, ResourceType type) {
        Handle h = handle > 0 && handle < entries.size() ? entries.get(handle) : null;
        if (h == null) {
            throw new ComponentTrap("unknown resource handle " + Integer.toUnsignedString(handle));
        }
        if (h.type != type) {
            throw new ComponentTrap(
                    "handle " + handle + " is a " + h.type.name() + ", not a " + type.name());
        }
        return h;
    }

    /** Takes an owned handle out of the table, as lifting an {@code own} does. */
    Object takeOwn(int handle, ResourceType type) {
        var h = get(handle, type);
        if (!h.own) {
            throw new ComponentTrap(
                    "handle " + handle + " is borrowed and cannot be passed as owned");
        }
        if (h.lends != 0) {
            throw new ComponentTrap("handle " + handle + " is lent to a call and cannot be moved");
        }
        remove(handle);
        return h.rep;
    }

    private void remove(int handle) {
        entries.set(handle, null);
        free.add(handle);
    }
}
