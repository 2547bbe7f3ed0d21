package dev.sluice.component.abi;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.engine.ValType;
import java.util.ArrayList;
import java.util.List;

/** {@code list<T>}: a pointer and a length; {@code list<u8>} is a {@code byte[]} in Java. */
final class ListCodec extends Codec {

    static final int MAX_BYTES = (1 << 28) - 1;

    private final Codec element;
    private final boolean bytes;

    ListCodec(Codec element, boolean bytes) {
        super(8, 4, List.of(ValType.I32, ValType.I32));
        this.element = element;
        this.bytes = bytes;
    }

    @Override
    void lower(CallContext cx, Object value, long[] out, int at) {
        long packed = storeElements(cx, value);
        out[at] = (int) (packed >>> 32);
        out[at + 1] = (int) packed;
    }

    @Override
    Object lift(CallContext cx, long[] in, int at) {
        return loadElements(cx, (int) in[at], (int) in[at + 1]);
    }

    @Override
    void store(CallContext cx, Object value, int ptr) {
        long packed = storeElements(cx, value);
        cx.memory().writeI32(ptr, (int) (packed >>> 32));
        cx.memory().writeI32(ptr + 4, (int) packed);
    }

    @Override
    Object load(CallContext cx, int ptr) {
        return loadElements(cx, cx.memory().readInt(ptr), cx.memory().readInt(ptr + 4));
    }

    private long storeElements(CallContext cx, Object value) {
        if (bytes && value instanceof byte[] b) {
            return (long) cx.storeBytes(b) << 32 | b.length;
        }
        List<?> list = (List<?>) value;
        long byteLength = (long) list.size() * element.size;
        if (byteLength > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "a list of " + byteLength + " bytes is longer than the canonical ABI allows");
        }
        int ptr = cx.allocate(element.alignment, (int) byteLength, "a list");
        for (int i = 0; i < list.size(); i++) {
            element.store(cx, list.get(i), ptr + i * element.size);
        }
        return (long) ptr << 32 | list.size();
    }

    private Object loadElements(CallContext cx, int ptr, int length) {
        long byteLength = Integer.toUnsignedLong(length) * element.size;
        if (byteLength > MAX_BYTES) {
            throw new ComponentTrap(
                    "a list of " + byteLength + " bytes is longer than the canonical ABI allows");
        }
        cx.check(ptr, byteLength, element.alignment, "a list");
        if (bytes) {
            return cx.memory().readBytes(ptr, length);
        }
        var out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            out.add(element.load(cx, ptr + i * element.size));
        }
        return out;
    }
}
