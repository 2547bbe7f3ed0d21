package dev.sluice.server.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What was installed from a catalog, pinned by hash (docs/catalog.md): {@code {"pins": [{"name",
 * "version", "sha256", "key_id", "installed_at"}]}}. Once name@version was installed with some
 * bytes, a catalog that names other bytes for it is refused. The last pin of a name is what is
 * installed now. Kept in {@code sluice-catalog.lock.json} beside plugins installed into a folder,
 * and in {@code data_dir/admin/catalog-pins.json} for a server.
 */
public record Pins(@JsonProperty("pins") List<Pin> pins) {

    /** The file beside plugins installed into a folder. */
    public static final String LOCK_FILE = "sluice-catalog.lock.json";

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    public record Pin(
            @JsonProperty("name") String name,
            @JsonProperty("version") String version,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("key_id") String keyId,
            @JsonProperty("installed_at") String installedAt) {}

    public Pins {
        pins = pins == null ? List.of() : List.copyOf(pins);
    }

    /** The pins in {@code file}; none when it does not exist. */
    public static Pins read(Path file) {
        if (!Files.exists(file)) {
            return new Pins(List.of());
        }
        try {
            var p = JSON.readValue(file.toFile(), Pins.class);
            return p == null ? new Pins(List.of()) : p;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the catalog pins "
                            + file
                            + " ("
                            + e.getMessage()
                            + "); fix it, or move it away to forget what was pinned",
                    e);
        }
    }

    /** Writes atomically: a reader sees the old pins or the new, never half. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temp.toFile(), this);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The pin of name@version, if it was ever installed. */
    public Optional<Pin> of(String name, String version) {
        return pins.stream()
                .filter(p -> p.name().equals(name) && p.version().equals(version))
                .findFirst();
    }

    /** What is installed of {@code name} now: its last pin. */
    public Optional<Pin> installed(String name) {
        Pin last = null;
        for (Pin p : pins) {
            if (p.name().equals(name)) {
                last = p;
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * Refuses an entry whose name@version was pinned to other bytes.
     *
     * @throws InstallRefused phase pin
     */
    public void require(CatalogEntry entry) {
        of(entry.name(), entry.version())
                .filter(p -> !p.sha256().equals(entry.sha256()))
                .ifPresent(
                        p -> {
                            throw new InstallRefused(
                                    InstallRefused.Phase.PIN,
                                    entry.label()
                                            + " was installed with sha256 "
                                            + p.sha256()
                                            + " but the catalog now names "
                                            + entry.sha256()
                                            + ": the bytes behind a published version changed."
                                            + " Refused; ask the publisher, who should publish a"
                                            + " new version instead");
                        });
    }

    /** These pins with name@version (moved last: the installed one). */
    public Pins with(CatalogEntry entry) {
        var all = new ArrayList<Pin>();
        for (Pin p : pins) {
            if (!(p.name().equals(entry.name()) && p.version().equals(entry.version()))) {
                all.add(p);
            }
        }
        all.add(
                new Pin(
                        entry.name(),
                        entry.version(),
                        entry.sha256(),
                        entry.signature() == null ? null : entry.signature().keyId(),
                        Instant.now().toString()));
        return new Pins(all);
    }
}
