package dev.sluice.graalwasm;

import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.component.engine.WasmLinkError;
import java.io.ByteArrayOutputStream;

/**
 * Just enough of the WebAssembly binary format to cap a module's memory: GraalWasm has no per-
 * instance memory limit in its community edition, so the host lowers the maximum the module itself
 * declares before GraalWasm sees it. The bytes were validated by the parser already.
 */
final class WasmBinary {

    private static final int IMPORT_SECTION = 2;
    private static final int MEMORY_SECTION = 5;
    private static final int MEMORY_KIND = 2;

    private WasmBinary() {}

    /**
     * The module with its own memory's limits replaced by {@code limits}.
     *
     * @throws WasmLinkError when the memory cannot be capped: a 64-bit memory, several memories, or
     *     a module whose only memory is imported (its size is the exporter's to cap)
     */
    static byte[] capped(byte[] module, MemoryLimits limits, String owner) {
        var in = new Reader(module, 8);
        var out = new ByteArrayOutputStream(module.length + 16);
        out.write(module, 0, 8);
        boolean ownMemory = false;
        boolean importedMemory = false;
        while (in.pos < module.length) {
            int start = in.pos;
            int id = in.u8();
            int size = in.u32();
            int body = in.pos;
            if (id == IMPORT_SECTION) {
                importedMemory = importsMemory(new Reader(module, body));
            }
            if (id == MEMORY_SECTION) {
                out.write(id);
                byte[] rewritten = memorySection(new Reader(module, body), limits, owner);
                leb(out, rewritten.length);
                out.write(rewritten, 0, rewritten.length);
                ownMemory = true;
            } else {
                out.write(module, start, body - start + size);
            }
            in.pos = body + size;
        }
        if (!ownMemory) {
            throw new WasmLinkError(
                    owner
                            + ": "
                            + (importedMemory
                                    ? "its memory is imported, and GraalWasm can cap only a memory"
                                            + " the module defines"
                                    : "it defines no memory to cap"));
        }
        return out.toByteArray();
    }

    private static byte[] memorySection(Reader in, MemoryLimits limits, String owner) {
        int count = in.u32();
        if (count != 1) {
            throw new WasmLinkError(
                    owner + ": it defines " + count + " memories; Sluice caps exactly one");
        }
        int flags = in.u8();
        if ((flags & 0x04) != 0) {
            throw new WasmLinkError(owner + ": its memory is 64-bit, which Sluice cannot cap");
        }
        in.u32(); // the declared minimum: the cap's own initial size replaces it
        if ((flags & 0x01) != 0) {
            in.u32();
        }
        var out = new ByteArrayOutputStream(16);
        leb(out, 1);
        out.write(flags | 0x01); // keep shared, always state a maximum
        leb(out, limits.initialPages());
        leb(out, limits.maximumPages());
        return out.toByteArray();
    }

    private static boolean importsMemory(Reader in) {
        int count = in.u32();
        for (int i = 0; i < count; i++) {
            in.skip(in.u32()); // module
            in.skip(in.u32()); // name
            int kind = in.u8();
            switch (kind) {
                case 0 -> in.u32(); // function type index
                case 1 -> { // table: reftype, limits
                    in.u8();
                    limits(in);
                }
                case MEMORY_KIND -> {
                    return true;
                }
                case 3 -> { // global: valtype, mutability
                    in.u8();
                    in.u8();
                }
                case 4 -> { // tag: attribute, type index
                    in.u8();
                    in.u32();
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    private static void limits(Reader in) {
        int flags = in.u8();
        in.u32();
        if ((flags & 0x01) != 0) {
            in.u32();
        }
    }

    private static void leb(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }

    private static final class Reader {
        private final byte[] bytes;
        private int pos;

        Reader(byte[] bytes, int pos) {
            this.bytes = bytes;
            this.pos = pos;
        }

        int u8() {
            return bytes[pos++] & 0xff;
        }

        int u32() {
            long result = 0;
            int shift = 0;
            int b;
            do {
                b = u8();
                result |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return (int) result;
        }

        void skip(int n) {
            pos += n;
        }
    }
}
