package dev.sluice.server.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the management API changed, kept in {@code data_dir/admin/state.json} so it survives a
 * restart: per plugin, the uploaded file, enabled or not, its config and permissions, whether it
 * was deleted; and the chain order. What the API never touched is absent and follows the settings
 * file. Each change rewrites the file atomically (a temporary file moved over it).
 *
 * @param order the chain order the API set, or null
 * @param plugins what the API set for each plugin, by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdminState(
        @JsonProperty("order") List<String> order,
        @JsonProperty("plugins") Map<String, StoredPlugin> plugins) {

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public AdminState {
        order = order == null ? null : List.copyOf(order);
        plugins = plugins == null ? Map.of() : Map.copyOf(plugins);
    }

    public static AdminState empty() {
        return new AdminState(null, Map.of());
    }

    /**
     * One plugin's API changes; a null field was never changed through the API.
     *
     * @param file the uploaded file it runs (under {@code data_dir/plugins}), or null for the
     *     settings file's
     * @param enabled whether it was last enabled or disabled
     * @param config its configuration as last set
     * @param permissions its grant as last set
     * @param deleted true once deleted: it is not loaded again, even if the settings name it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoredPlugin(
            @JsonProperty("file") String file,
            @JsonProperty("enabled") Boolean enabled,
            @JsonProperty("config") Map<String, String> config,
            @JsonProperty("permissions") PermissionsJson permissions,
            @JsonProperty("deleted") Boolean deleted) {

        static final StoredPlugin NONE = new StoredPlugin(null, null, null, null, null);

        public boolean isDeleted() {
            return Boolean.TRUE.equals(deleted);
        }

        StoredPlugin withFile(String f) {
            return new StoredPlugin(f, enabled, config, permissions, null);
        }

        StoredPlugin withEnabled(boolean e) {
            return new StoredPlugin(file, e, config, permissions, deleted);
        }

        StoredPlugin withConfig(Map<String, String> c) {
            return new StoredPlugin(file, enabled, c, permissions, deleted);
        }

        StoredPlugin withPermissions(PermissionsJson p) {
            return new StoredPlugin(file, enabled, config, p, deleted);
        }
    }

    public StoredPlugin plugin(String name) {
        return plugins.getOrDefault(name, StoredPlugin.NONE);
    }

    AdminState with(String name, StoredPlugin plugin) {
        var all = new LinkedHashMap<>(plugins);
        all.put(name, plugin);
        return new AdminState(order, all);
    }

    /** Deleted: only the mark is kept, so the settings file does not bring it back. */
    AdminState deleted(String name) {
        var all = new LinkedHashMap<>(plugins);
        all.put(name, new StoredPlugin(null, null, null, null, true));
        return new AdminState(
                order == null ? null : order.stream().filter(n -> !n.equals(name)).toList(), all);
    }

    AdminState withOrder(List<String> newOrder) {
        return new AdminState(newOrder, plugins);
    }

    /**
     * The state in {@code file}; empty if there is none yet.
     *
     * @throws UncheckedIOException naming the file when it cannot be read or is not this JSON
     */
    public static AdminState read(Path file) {
        if (!Files.exists(file)) {
            return empty();
        }
        try {
            return Optional.ofNullable(JSON.readValue(file.toFile(), AdminState.class))
                    .orElse(empty());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the management API's state "
                            + file
                            + " ("
                            + e.getMessage()
                            + "); fix it, or move it away to start from the settings file alone",
                    e);
        }
    }

    /** Writes the state to {@code file} atomically: readers see the old or the new, never half. */
    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), this);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
