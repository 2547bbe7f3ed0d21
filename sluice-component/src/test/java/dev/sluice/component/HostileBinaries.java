package dev.sluice.component;

import java.io.ByteArrayOutputStream;

/** Small component binaries that declare far more than they contain, built byte by byte. */
final class HostileBinaries {

    static final byte[] PREAMBLE = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};

    private HostileBinaries() {}

    /** {@code depth} empty components, each inside the one before. */
    static byte[] nestedComponents(int depth) {
        byte[] c = PREAMBLE;
        for (int i = 1; i < depth; i++) {
            c = component(section(4, c));
        }
        return c;
    }

    /** A component whose type section defines {@code n} types, each a list of the one before. */
    static byte[] nestedLists(int n) {
        var items = new ByteArrayOutputStream();
        items.write(0x70);
        items.write(0x7d); // list<u8>
        for (int i = 1; i < n; i++) {
            items.write(0x70);
            typeIndex(items, i - 1);
        }
        return component(section(7, vector(n, items.toByteArray())));
    }

    /** {@code n} types, each a tuple of the one before twice: 2^n parts written out. */
    static byte[] doublingTuples(int n) {
        var items = new ByteArrayOutputStream();
        items.writeBytes(new byte[] {0x6f, 2, 0x7d, 0x7d});
        for (int i = 1; i < n; i++) {
            items.write(0x6f);
            items.write(2);
            typeIndex(items, i - 1);
            typeIndex(items, i - 1);
        }
        return component(section(7, vector(n, items.toByteArray())));
    }

    /** {@code n} instances, each exporting the one before as "a": nested instance types. */
    static byte[] nestedInstances(int n) {
        var items = new ByteArrayOutputStream();
        items.writeBytes(new byte[] {0x01, 0});
        for (int i = 1; i < n; i++) {
            items.writeBytes(new byte[] {0x01, 1, 0x00, 1, 'a', 0x05});
            leb(items, i - 1);
        }
        return component(section(5, vector(n, items.toByteArray())));
    }

    /**
     * {@code depth} components inside each other, each instantiating the one inside it twice:
     * instantiating the outermost makes 2^depth instances.
     */
    static byte[] doublingInstantiations(int depth) {
        byte[] c = PREAMBLE;
        byte[] twice = vector(2, new byte[] {0x00, 0, 0, 0x00, 0, 0});
        for (int i = 1; i < depth; i++) {
            c = component(section(4, c), section(5, twice));
        }
        return c;
    }

    static byte[] component(byte[]... sections) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(PREAMBLE);
        for (byte[] s : sections) {
            out.writeBytes(s);
        }
        return out.toByteArray();
    }

    static byte[] section(int id, byte[] content) {
        var out = new ByteArrayOutputStream();
        out.write(id);
        leb(out, content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] vector(long count, byte[] items) {
        var out = new ByteArrayOutputStream();
        leb(out, count);
        out.writeBytes(items);
        return out.toByteArray();
    }

    /** A type index where a value type is expected: a non-negative signed (s33) LEB128. */
    static void typeIndex(ByteArrayOutputStream out, long value) {
        while (value >= 0x40) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    static void leb(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }
}
