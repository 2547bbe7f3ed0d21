package dev.sluice.internal.loader;

import dev.sluice.plugin.PluginForm;
import java.util.Optional;

/** Reads the 8-byte preamble every WebAssembly binary starts with. */
final class WasmHeader {

    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};

    /** Magic and version. */
    private static final int PREAMBLE = 8;

    private WasmHeader() {}

    /**
     * The form the preamble announces, or empty when the bytes are not WebAssembly at all.
     *
     * @throws IllegalArgumentException for a file that starts like WebAssembly but ends inside its
     *     8-byte preamble, or a WebAssembly preamble with an unknown version/layer, saying which
     */
    static Optional<PluginForm> detect(byte[] bytes) {
        int magic = Math.min(bytes.length, MAGIC.length);
        for (int i = 0; i < magic; i++) {
            if (bytes[i] != MAGIC[i]) {
                return Optional.empty();
            }
        }
        if (bytes.length == 0) {
            return Optional.empty();
        }
        if (bytes.length < PREAMBLE) {
            throw new IllegalArgumentException(truncated(bytes.length));
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

    /**
     * For a file of {@code length} (1 to 7) bytes that agree with the preamble as far as they go.
     */
    private static String truncated(int length) {
        String where =
                length < MAGIC.length
                        ? "inside the \\0asm magic"
                        : length == MAGIC.length
                                ? "right after the \\0asm magic, before the version"
                                : "inside the version that follows the \\0asm magic";
        return "truncated WebAssembly binary: the file is only "
                + length
                + (length == 1 ? " byte" : " bytes")
                + " long and ends "
                + where
                + " (every module or component starts with an 8-byte preamble: magic, then"
                + " version); the file was probably cut short while being written or copied";
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
