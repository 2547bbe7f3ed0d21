package dev.sluice.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a plugin file is, as found by validation: everything {@code sluice plugin inspect} shows.
 *
 * @param name the plugin's name: its file name without {@code .wasm}
 * @param path where it was read from
 * @param sizeBytes the file's size
 * @param sha256 hex digest of the file's bytes
 * @param form core module or component
 * @param contract the contract it implements
 * @param imports the functions it imports, as {@code module.name: (params) -> (results)}
 * @param exports what it exports, as {@code name: kind [type]}
 * @param memoryInitialPages the initial size of its memory in 64 KiB pages
 * @param memoryMaximumPages the maximum its memory declares, if any
 * @param notes contract details worth knowing (hook shapes, allocator, WASI use, embedded modules)
 * @param wit a component's world as WIT text; empty for a core module
 * @param services the host services it imports that need a permission, by permission name ({@code
 *     state}, {@code events}, {@code http}), in that order: what to grant it in {@code
 *     plugins.<name>.permissions}
 */
public record PluginDescriptor(
        String name,
        Path path,
        long sizeBytes,
        String sha256,
        PluginForm form,
        Contract contract,
        List<String> imports,
        List<String> exports,
        int memoryInitialPages,
        OptionalInt memoryMaximumPages,
        List<String> notes,
        Optional<String> wit,
        List<String> services) {

    public PluginDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(contract, "contract");
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
        notes = List.copyOf(notes);
        Objects.requireNonNull(wit, "wit");
        services = List.copyOf(services);
    }
}
