package dev.sluice.server.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A catalog's index: {@code {"format": "sluice-catalog/1", "entries": [...]}} (docs/catalog.md).
 * Entries are kept sorted by name, then newest version first.
 */
public record CatalogIndex(
        @JsonProperty("format") String format,
        @JsonProperty("entries") List<CatalogEntry> entries) {

    /** The one format this version reads and writes. */
    public static final String FORMAT = "sluice-catalog/1";

    static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    public CatalogIndex {
        entries =
                entries == null
                        ? List.of()
                        : entries.stream()
                                .sorted(
                                        Comparator.comparing(CatalogEntry::name)
                                                .thenComparing(
                                                        CatalogEntry::version,
                                                        Versions.ORDER.reversed()))
                                .toList();
    }

    public static CatalogIndex empty() {
        return new CatalogIndex(FORMAT, List.of());
    }

    /**
     * Reads an index.
     *
     * @param where the index's file or URL, for messages
     * @throws InstallRefused (phase index) when it is not JSON, not this format, or an entry is not
     *     whole
     */
    public static CatalogIndex parse(byte[] bytes, String where) {
        CatalogIndex index;
        try {
            index = JSON.readValue(bytes, CatalogIndex.class);
        } catch (JsonProcessingException e) {
            throw new InstallRefused(
                    InstallRefused.Phase.INDEX,
                    "the catalog index "
                            + where
                            + " is not a sluice catalog's JSON ("
                            + e.getOriginalMessage()
                            + ")");
        } catch (java.io.IOException e) {
            throw new InstallRefused(
                    InstallRefused.Phase.INDEX,
                    "cannot read the catalog index " + where + ": " + e);
        }
        if (index == null || !FORMAT.equals(index.format())) {
            throw new InstallRefused(
                    InstallRefused.Phase.INDEX,
                    "the catalog index "
                            + where
                            + " has format "
                            + (index == null ? "none" : "'" + index.format() + "'")
                            + "; this Sluice reads '"
                            + FORMAT
                            + "'");
        }
        for (CatalogEntry e : index.entries()) {
            String problem = e == null ? "an entry is null" : e.problem();
            if (problem != null) {
                throw new InstallRefused(
                        InstallRefused.Phase.INDEX, "the catalog index " + where + ": " + problem);
            }
        }
        return index;
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an index always serialises", e);
        }
    }

    /** The entry for {@code name}, at {@code version} or the newest when version is null. */
    public Optional<CatalogEntry> find(String name, String version) {
        return entries.stream()
                .filter(e -> e.name().equals(name))
                .filter(e -> version == null || e.version().equals(version))
                .findFirst();
    }

    /** The newest version of each name, and of those the ones matching term (name/description). */
    public List<CatalogEntry> search(String term) {
        var latest = new ArrayList<CatalogEntry>();
        String last = null;
        for (CatalogEntry e : entries) {
            if (e.name().equals(last)) {
                continue;
            }
            last = e.name();
            if (term == null
                    || e.name()
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains(term.toLowerCase(java.util.Locale.ROOT))
                    || e.description()
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains(term.toLowerCase(java.util.Locale.ROOT))) {
                latest.add(e);
            }
        }
        return latest;
    }

    /** This index with {@code entry} added, or in place of the same name@version. */
    public CatalogIndex with(CatalogEntry entry) {
        var all = new ArrayList<CatalogEntry>();
        for (CatalogEntry e : entries) {
            if (!(e.name().equals(entry.name()) && e.version().equals(entry.version()))) {
                all.add(e);
            }
        }
        all.add(entry);
        return new CatalogIndex(FORMAT, all);
    }
}
