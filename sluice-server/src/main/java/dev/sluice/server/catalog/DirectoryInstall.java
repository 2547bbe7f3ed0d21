package dev.sluice.server.catalog;

import dev.sluice.plugin.Permissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Installs into a plugin folder ({@code plugin.directory}): {@code NAME.wasm} is replaced in one
 * atomic move, so a server watching the folder hot-reloads it like any changed file, and the pin
 * goes to {@link Pins#LOCK_FILE} in the same folder.
 */
public final class DirectoryInstall {

    private final Catalog catalog;
    private final Path folder;

    public DirectoryInstall(Catalog catalog, Path folder) {
        this.catalog = catalog;
        this.folder = folder;
    }

    /** What an install did. */
    public enum Action {
        INSTALLED,
        UPGRADED,
        UNCHANGED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Installed(CatalogEntry entry, Path file, Action action) {}

    /**
     * Checks name@version ({@link Catalog#verify}) and puts it in place.
     *
     * @param granted what the plugin gets: the settings' grant plus {@code --grant}
     * @throws InstallRefused naming the phase; the folder is unchanged
     */
    public Installed install(String name, String version, Permissions granted) {
        Path lock = folder.resolve(Pins.LOCK_FILE);
        var pins = Pins.read(lock);
        var v = catalog.verify(name, version, pins, granted, "--grant");
        var entry = v.entry();
        Path file = folder.resolve(entry.name() + ".wasm");
        try {
            Files.createDirectories(folder);
            Action action;
            if (!Files.exists(file)) {
                action = Action.INSTALLED;
            } else if (Catalog.sha256(Files.readAllBytes(file)).equals(entry.sha256())) {
                action = Action.UNCHANGED;
            } else {
                action = Action.UPGRADED;
            }
            if (action != Action.UNCHANGED) {
                // A dot file: the server loads only *.wasm, so it never sees a half-written one.
                Path temp = folder.resolve("." + entry.name() + ".wasm.incoming");
                Files.write(temp, v.bytes());
                Files.move(
                        temp,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            pins.with(entry).write(lock);
            return new Installed(entry, file, action);
        } catch (IOException e) {
            throw new InstallRefused(
                    InstallRefused.Phase.WRITE,
                    "cannot write " + file + " or " + lock + ": " + e.getMessage());
        }
    }
}
