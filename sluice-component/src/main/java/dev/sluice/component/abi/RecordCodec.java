package dev.sluice.component.abi;

import dev.sluice.component.engine.ValType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records and tuples: fields one after the other, each at its alignment. A record is a {@code Map}
 * from field name to value in Java, a tuple a {@code List}.
 */
final class RecordCodec extends Codec {

    private final List<String> names;
    private final Codec[] fields;
    private final int[] offsets;
    private final int[] flatOffsets;

    /** {@code names} is null for a tuple. */
    RecordCodec(List<String> names, List<Codec> fields) {
        this(names, fields.toArray(Codec[]::new), layout(fields));
    }

    private RecordCodec(List<String> names, Codec[] fields, int[] layout) {
        super(layout[fields.length], layout[fields.length + 1], flat(fields));
        this.names = names;
        this.fields = fields;
        this.offsets = java.util.Arrays.copyOf(layout, fields.length);
        this.flatOffsets = new int[fields.length];
        int at = 0;
        for (int i = 0; i < fields.length; i++) {
            flatOffsets[i] = at;
            at += fields[i].flat.size();
        }
    }

    /** Field offsets, then the size, then the alignment. */
    private static int[] layout(List<Codec> fields) {
        int[] out = new int[fields.size() + 2];
        int offset = 0;
        int alignment = 1;
        for (int i = 0; i < fields.size(); i++) {
            var f = fields.get(i);
            offset = alignTo(offset, f.alignment);
            out[i] = offset;
            offset += f.size;
            alignment = Math.max(alignment, f.alignment);
        }
        out[fields.size()] = alignTo(offset, alignment);
        out[fields.size() + 1] = alignment;
        return out;
    }

    private static List<ValType> flat(Codec[] fields) {
        var out = new ArrayList<ValType>();
        for (var f : fields) {
            out.addAll(f.flat);
        }
        return out;
    }

    private Object field(Object value, int i) {
        if (names == null) {
            return ((List<?>) value).get(i);
        }
        var map = (Map<?, ?>) value;
        Object v = map.get(names.get(i));
        if (v == null && !map.containsKey(names.get(i))) {
            throw new IllegalArgumentException("record value has no field " + names.get(i));
        }
        return v;
    }

    private Object make(Object[] values) {
        if (names == null) {
            return java.util.Arrays.asList(values);
        }
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < values.length; i++) {
            map.put(names.get(i), values[i]);
        }
        return map;
    }

    /** The values of a tuple given as an array, for parameter lists spilled to memory. */
    void storeAll(CallContext cx, Object[] values, int ptr) {
        for (int i = 0; i < fields.length; i++) {
            fields[i].store(cx, values[i], ptr + offsets[i]);
        }
    }

    Object[] loadAll(CallContext cx, int ptr) {
        var values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = fields[i].load(cx, ptr + offsets[i]);
        }
        return values;
    }

    @Override
    void lower(CallContext cx, Object value, long[] out, int at) {
        for (int i = 0; i < fields.length; i++) {
            fields[i].lower(cx, field(value, i), out, at + flatOffsets[i]);
        }
    }

    @Override
    Object lift(CallContext cx, long[] in, int at) {
        var values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = fields[i].lift(cx, in, at + flatOffsets[i]);
        }
        return make(values);
    }

    @Override
    void store(CallContext cx, Object value, int ptr) {
        for (int i = 0; i < fields.length; i++) {
            fields[i].store(cx, field(value, i), ptr + offsets[i]);
        }
    }

    @Override
    Object load(CallContext cx, int ptr) {
        return make(loadAll(cx, ptr));
    }
}
