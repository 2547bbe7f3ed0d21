package dev.sluice.internal.runtime;

/** Reads the sizes of a core module's function bodies from its bytes (already validated). */
final class WasmCode {

    private static final int CODE_SECTION = 10;

    private WasmCode() {}

    /** The size in bytes of the module's largest function body, 0 when it has none. */
    static int largestFunctionBody(byte[] module) {
        int[] pos = {8};
        int largest = 0;
        while (pos[0] < module.length) {
            int id = module[pos[0]++] & 0xff;
            int size = u32(module, pos);
            int end = pos[0] + size;
            if (id == CODE_SECTION) {
                int count = u32(module, pos);
                for (int i = 0; i < count; i++) {
                    int body = u32(module, pos);
                    largest = Math.max(largest, body);
                    pos[0] += body;
                }
            }
            pos[0] = end;
        }
        return largest;
    }

    private static int u32(byte[] bytes, int[] pos) {
        int result = 0;
        int shift = 0;
        int b;
        do {
            b = bytes[pos[0]++] & 0xff;
            result |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0 && shift < 35);
        return result;
    }
}
