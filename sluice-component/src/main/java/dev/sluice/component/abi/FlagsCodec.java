package dev.sluice.component.abi;

import dev.sluice.component.engine.ValType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code flags}: a bit vector, in the smallest integer that holds every flag. */
final class FlagsCodec extends Codec {

    private final List<String> names;

    FlagsCodec(List<String> names) {
        super(bytes(names.size()), bytes(names.size()), List.of(ValType.I32));
        this.names = List.copyOf(names);
    }

    private static int bytes(int n) {
        return n <= 8 ? 1 : n <= 16 ? 2 : 4;
    }

    private int pack(Object value) {
        var set = (Set<?>) value;
        int bits = 0;
        for (Object name : set) {
            int i = names.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no flag " + name + " among " + names);
            }
            bits |= 1 << i;
        }
        return bits;
    }

    private Set<String> unpack(int bits) {
        var set = new LinkedHashSet<String>();
        for (int i = 0; i < names.size(); i++) {
            if ((bits & (1 << i)) != 0) {
                set.add(names.get(i));
            }
        }
        return set;
    }

    @Override
    void lower(CallContext cx, Object value, long[] out, int at) {
        out[at] = pack(value);
    }

    @Override
    Object lift(CallContext cx, long[] in, int at) {
        return unpack((int) in[at]);
    }

    @Override
    void store(CallContext cx, Object value, int ptr) {
        int bits = pack(value);
        switch (size) {
            case 1 -> cx.memory().writeByte(ptr, (byte) bits);
            case 2 -> cx.memory().writeShort(ptr, (short) bits);
            default -> cx.memory().writeI32(ptr, bits);
        }
    }

    @Override
    Object load(CallContext cx, int ptr) {
        var m = cx.memory();
        int bits =
                switch (size) {
                    case 1 -> m.read(ptr) & 0xff;
                    case 2 -> m.readShort(ptr) & 0xffff;
                    default -> m.readInt(ptr);
                };
        return unpack(bits);
    }
}
