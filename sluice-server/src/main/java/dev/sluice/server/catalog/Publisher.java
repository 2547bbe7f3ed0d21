package dev.sluice.server.catalog;

import dev.sluice.PluginValidationException;
import dev.sluice.Sluice;
import dev.sluice.plugin.PluginDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Adds a plugin version to a catalog folder: the file goes to {@code plugins/NAME-VERSION.wasm}
 * beside {@code index.json}, and its signed entry into the index. Inspection fills the contract,
 * world, imports and the permissions asked. A published name@version is never given other bytes
 * (installs are pinned to them): publish a new version instead.
 */
public final class Publisher {

    /** The first world block of a component's WIT, and the interfaces it exports. */
    private static final Pattern WORLD =
            Pattern.compile("(?s)world\\s+[A-Za-z0-9_-]+\\s*\\{(.*?)}");

    private static final Pattern EXPORT = Pattern.compile("(?m)^\\s*export\\s+([^;]+);");

    private final Path folder;
    private final PrivateKey key;
    private final PublicKey publicKey;

    public Publisher(Path folder, PrivateKey key, PublicKey publicKey) {
        this.folder = folder;
        this.key = key;
        this.publicKey = publicKey;
    }

    /** What to publish; null name, version or permissions take what inspection finds. */
    public record Request(
            Path wasm, String name, String version, String description, List<String> permissions) {}

    /**
     * Publishes one version.
     *
     * @throws IllegalArgumentException saying what is wrong with the plugin or the request
     * @throws IOException when the catalog folder cannot be written
     */
    public CatalogEntry publish(Request r) throws IOException {
        PluginDescriptor d;
        try {
            d = Sluice.inspect(r.wasm());
        } catch (PluginValidationException e) {
            throw new IllegalArgumentException(
                    r.wasm() + " is not a valid plugin: " + String.join("; ", e.problems()));
        }
        String name = r.name() == null ? d.name() : r.name();
        String version = r.version() == null ? "0.1.0" : r.version();
        List<String> asked = permissions(d, r.permissions());
        byte[] bytes = Files.readAllBytes(r.wasm());
        String url = "plugins/" + name + "-" + version + ".wasm";
        var entry =
                new CatalogEntry(
                        name,
                        version,
                        r.description(),
                        d.contract().label(),
                        d.wit().flatMap(Publisher::world).orElse(null),
                        url,
                        bytes.length,
                        Catalog.sha256(bytes),
                        d.imports(),
                        asked,
                        null);
        String problem = entry.problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Path indexFile = folder.resolve("index.json");
        var index =
                Files.exists(indexFile)
                        ? CatalogIndex.parse(Files.readAllBytes(indexFile), indexFile.toString())
                        : CatalogIndex.empty();
        var existing = index.find(name, version);
        if (existing.isPresent() && !existing.get().sha256().equals(entry.sha256())) {
            throw new IllegalArgumentException(
                    entry.label()
                            + " is already published with other bytes (sha256 "
                            + existing.get().sha256()
                            + "); installs are pinned to those, so publish these as a new"
                            + " --version");
        }
        var signed = PublisherKeys.sign(entry, key, publicKey);
        Path file = folder.resolve(url);
        Files.createDirectories(file.getParent());
        write(file, bytes);
        write(indexFile, index.with(signed).toJson());
        return signed;
    }

    /** The permissions asked: inspection's services, or the given ones if they cover those. */
    private static List<String> permissions(PluginDescriptor d, List<String> given) {
        var services = Grants.asked(d.services());
        if (given == null || given.isEmpty()) {
            return services;
        }
        for (String g : given) {
            if (!g.matches("state|events(:.+)?|http(:.+:[0-9]+)?")) {
                throw new IllegalArgumentException(
                        "'"
                                + g
                                + "' is not a permission: write state, events, events:CHANNEL,"
                                + " http or http:HOST:PORT");
            }
        }
        for (String s : services) {
            if (given.stream().noneMatch(g -> g.equals(s) || g.startsWith(s + ":"))) {
                throw new IllegalArgumentException(
                        d.name()
                                + " imports the "
                                + s
                                + " service, so --permission must include "
                                + s
                                + " or "
                                + s
                                + ":…");
            }
        }
        return List.copyOf(given);
    }

    /**
     * What a component's world exports ({@code sluice:plugin/plugin@0.1.0}): the name a component
     * tool gives its world ({@code root}) says nothing, its exports say what it implements.
     */
    private static Optional<String> world(String wit) {
        var m = WORLD.matcher(wit);
        if (!m.find()) {
            return Optional.empty();
        }
        var exports = EXPORT.matcher(m.group(1)).results().map(r -> r.group(1).strip()).toList();
        return exports.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", exports));
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
