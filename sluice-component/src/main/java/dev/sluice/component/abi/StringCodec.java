package dev.sluice.component.abi;

import dev.sluice.component.engine.ValType;
import java.util.List;

/** {@code string}: a pointer and a length, the bytes in guest memory. */
final class StringCodec extends Codec {

    StringCodec() {
        super(8, 4, List.of(ValType.I32, ValType.I32));
    }

    @Override
    void lower(CallContext cx, Object value, long[] out, int at) {
        long packed = Strings.store(cx, value);
        out[at] = (int) (packed >>> 32);
        out[at + 1] = (int) packed;
    }

    @Override
    Object lift(CallContext cx, long[] in, int at) {
        return Strings.load(cx, (int) in[at], (int) in[at + 1]);
    }

    @Override
    void store(CallContext cx, Object value, int ptr) {
        long packed = Strings.store(cx, value);
        cx.memory().writeI32(ptr, (int) (packed >>> 32));
        cx.memory().writeI32(ptr + 4, (int) packed);
    }

    @Override
    Object load(CallContext cx, int ptr) {
        return Strings.load(cx, cx.memory().readInt(ptr), cx.memory().readInt(ptr + 4));
    }
}
