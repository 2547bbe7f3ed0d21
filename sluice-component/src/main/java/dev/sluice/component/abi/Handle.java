package dev.sluice.component.abi;

import dev.sluice.component.types.ResourceType;

/** An entry of a handle table: a resource, and whether it is owned or borrowed. */
final class Handle {
    final ResourceType type;
    final Object rep;
    final boolean own;

    /** For a borrow: the call it was lent for, which must see it dropped. */
    final CallContext scope;

    /** For an own handle: how many calls it is lent to right now. */
    int lends;

    Handle(ResourceType type, Object rep, boolean own, CallContext scope) {
        this.type = type;
        this.rep = rep;
        this.own = own;
        this.scope = scope;
    }
}
