package dev.sluice.internal.loader;

import dev.sluice.plugin.PluginForm;
import java.util.Optional;

/** Reads the 8-byte preamble every WebAssembly binary starts with. */
final class WasmHeader {

    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};

    private WasmHeader() {}

    /**
     * The form the preamble announces, or empty when the bytes are not WebAssembly at all.
     *
     * @throws IllegalArgumentException for a WebAssembly preamble with an unknown version/layer,
     *     saying which
     */
    static Optional<PluginForm> detect(byte[] bytes) {
        if (bytes.length < 8) {
            return Optional.empty();
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return Optional.empty();
            }
        }
        int version = (bytes[4] & 0xff) | (bytes[5] & 0xff) << 8;
        int layer = (bytes[6] & 0xff) | (bytes[7] & 0xff) << 8;
        if (layer == 0 && version == 1) {
            return Optional.of(PluginForm.CORE_MODULE);
        }
        if (layer == 1) {
            return Optional.of(PluginForm.COMPONENT);
        }
        throw new IllegalArgumentException(
                "unsupported WebAssembly version " + version + " (layer " + layer + ")");
    }

    /** A short description of what the first bytes look like, for "not WebAssembly" errors. */
    static String describeStart(byte[] bytes) {
        if (bytes.length == 0) {
            return "the file is empty";
        }
        var sb = new StringBuilder("it starts with");
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            sb.append(String.format(" %02x", bytes[i] & 0xff));
        }
        sb.append(", not the \\0asm magic");
        if (bytes.length < 8) {
            sb.append(" (and is only ").append(bytes.length).append(" bytes long)");
        }
        return sb.toString();
    }
}
