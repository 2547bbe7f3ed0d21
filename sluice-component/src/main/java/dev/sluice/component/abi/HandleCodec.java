package dev.sluice.component.abi;

import dev.sluice.component.engine.ValType;
import dev.sluice.component.types.ResourceType;
import java.util.List;

/**
 * {@code own<R>} and {@code borrow<R>}: an i32 index into the guest's handle table. In Java the
 * value is the resource's representation.
 */
final class HandleCodec extends Codec {

    private final ResourceType type;
    private final boolean own;

    HandleCodec(ResourceType type, boolean own) {
        super(4, 4, List.of(ValType.I32));
        this.type = type;
        this.own = own;
    }

    private int toHandle(CallContext cx, Object rep) {
        if (own) {
            return cx.table.add(new Handle(type, rep, true, null));
        }
        if (cx.table.implementsType(type)) {
            // The guest implements the resource: a borrow is only good for its representation.
            return (Integer) rep;
        }
        cx.borrows++;
        return cx.table.add(new Handle(type, rep, false, cx));
    }

    private Object fromHandle(CallContext cx, int handle) {
        if (own) {
            return cx.table.takeOwn(handle, type);
        }
        var h = cx.table.get(handle, type);
        cx.lend(h);
        return h.rep;
    }

    @Override
    void lower(CallContext cx, Object value, long[] out, int at) {
        out[at] = toHandle(cx, value);
    }

    @Override
    Object lift(CallContext cx, long[] in, int at) {
        return fromHandle(cx, (int) in[at]);
    }

    @Override
    void store(CallContext cx, Object value, int ptr) {
        cx.memory().writeI32(ptr, toHandle(cx, value));
    }

    @Override
    Object load(CallContext cx, int ptr) {
        return fromHandle(cx, cx.memory().readInt(ptr));
    }
}
