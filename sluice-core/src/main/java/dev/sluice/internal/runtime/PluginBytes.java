package dev.sluice.internal.runtime;

import dev.sluice.PluginLoadException;
import dev.sluice.plugin.PluginDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A core plugin's bytes read again from its file, for an engine that compiles from the binary
 * (GraalWasm) or chooses by it ({@code engine: auto}): inspection does not keep them, so a plugin
 * that never needs them again costs no memory. The file must still hold what was inspected.
 */
final class PluginBytes {

    private PluginBytes() {}

    /**
     * @param verify whether to check the bytes are those inspected (for code to run from; a look at
     *     their sizes needs no check)
     */
    static byte[] reread(PluginDescriptor descriptor, boolean verify) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(descriptor.path());
        } catch (IOException e) {
            throw new PluginLoadException(
                    "plugin " + descriptor.name() + ": cannot read " + descriptor.path() + ": " + e,
                    e);
        }
        if (!verify) {
            return bytes;
        }
        String sha256;
        try {
            sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!sha256.equalsIgnoreCase(descriptor.sha256())) {
            throw new PluginLoadException(
                    "plugin "
                            + descriptor.name()
                            + ": "
                            + descriptor.path()
                            + " changed while it was being loaded (sha256 "
                            + sha256.substring(0, 12)
                            + ", inspected "
                            + descriptor
                                    .sha256()
                                    .substring(0, Math.min(12, descriptor.sha256().length()))
                            + "); load it again");
        }
        return bytes;
    }
}
