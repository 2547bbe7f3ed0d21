package dev.sluice.server.catalog;

import dev.sluice.PluginValidationException;
import dev.sluice.Sluice;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginDescriptor;
import dev.sluice.server.catalog.InstallRefused.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A catalog as one operator sees it: where it is, and the keys they trust. {@link #verify} takes a
 * plugin through every check an install needs, in this order, and stops at the first that fails:
 * the entry exists, its signature verifies by a trusted key, it agrees with what was pinned, its
 * permissions are granted, its bytes arrive whole and in time, they hash to the entry's SHA-256,
 * and they are a valid plugin of the entry's contract.
 */
public final class Catalog {

    private final CatalogSource source;
    private final TrustedKeys keys;

    public Catalog(CatalogSource source, TrustedKeys keys) {
        this.source = source;
        this.keys = keys;
    }

    public CatalogSource source() {
        return source;
    }

    public TrustedKeys keys() {
        return keys;
    }

    /**
     * An entry as the admin API and {@code --json} show it, with its signature state for this
     * operator: name, version, description, contract, world, size, sha256, permissions, signature,
     * key_id.
     */
    public Map<String, Object> view(CatalogEntry e) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", e.name());
        m.put("version", e.version());
        m.put("description", e.description());
        m.put("contract", e.contract());
        m.put("world", e.world());
        m.put("size", e.size());
        m.put("sha256", e.sha256());
        m.put("permissions", e.permissions());
        m.put("signature", keys.check(e).label());
        m.put("key_id", e.signature() == null ? null : e.signature().keyId());
        return m;
    }

    /** A plugin that passed every check: its entry, bytes and what inspection found. */
    public record Verified(CatalogEntry entry, byte[] bytes, PluginDescriptor descriptor) {}

    /**
     * Fetches and checks name@version (the newest when version is null).
     *
     * @param granted what the plugin would run with, grant included
     * @param how how the caller grants more ({@code --grant}), for the permissions message
     * @throws InstallRefused naming the phase that failed; nothing was written anywhere
     */
    public Verified verify(
            String name, String version, Pins pins, Permissions granted, String how) {
        var index = source.readIndex();
        var entry =
                index.find(name, version)
                        .orElseThrow(
                                () ->
                                        new InstallRefused(
                                                Phase.NOT_FOUND,
                                                (version == null ? name : name + "@" + version)
                                                        + " is not in the catalog "
                                                        + source.location()
                                                        + (index.find(name, null).isPresent()
                                                                ? " (it has "
                                                                        + index.find(name, null)
                                                                                .get()
                                                                                .label()
                                                                        + ")"
                                                                : "; sluice catalog search"
                                                                        + " lists what it has")));
        keys.require(entry);
        pins.require(entry);
        Grants.require(entry, granted, how);
        byte[] bytes = source.download(entry);
        String sha = sha256(bytes);
        if (!sha.equals(entry.sha256())) {
            throw new InstallRefused(
                    Phase.VERIFY,
                    entry.label()
                            + ": the downloaded bytes hash to "
                            + sha
                            + ", not the entry's sha256 "
                            + entry.sha256()
                            + "; the file behind the catalog was changed or damaged. Nothing was"
                            + " installed");
        }
        return new Verified(entry, bytes, validate(entry, bytes));
    }

    /** Inspects the bytes as the engine would load them, in a folder of their own. */
    private static PluginDescriptor validate(CatalogEntry entry, byte[] bytes) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sluice-catalog-");
            Path file = dir.resolve(entry.name() + ".wasm");
            Files.write(file, bytes);
            var d = Sluice.inspect(file);
            if (!d.contract().label().equals(entry.contract())) {
                throw new InstallRefused(
                        Phase.VALIDATE,
                        entry.label()
                                + " is listed as "
                                + entry.contract()
                                + " but the file is a "
                                + d.contract().label()
                                + " plugin; nothing was installed");
            }
            return d;
        } catch (PluginValidationException e) {
            throw new InstallRefused(
                    Phase.VALIDATE,
                    entry.label()
                            + " is not a valid plugin: "
                            + String.join("; ", e.problems())
                            + "; nothing was installed");
        } catch (IOException e) {
            throw new InstallRefused(
                    Phase.WRITE, "cannot write a temporary file to check the plugin: " + e);
        } finally {
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind only takes space
        }
    }
}
