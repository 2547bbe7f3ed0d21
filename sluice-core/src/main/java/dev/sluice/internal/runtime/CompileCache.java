package dev.sluice.internal.runtime;

import dev.sluice.component.engine.CodeCache;
import dev.sluice.component.engine.chicory.ChicoryEngine;
import dev.sluice.internal.loader.CompiledModules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What the engine's compiler produced for a module, kept on disk and keyed by the module's content
 * hash, so the next load of the same bytes skips compiling (most of a cold start).
 *
 * <p>Entries live under a folder the engine names after its version ({@link
 * ChicoryEngine#cacheFolder()}): generated classes are only valid for the compiler that made them,
 * and an upgrade simply starts a new folder. Writes go to a temporary file first and are moved into
 * place, so a reader never sees half an entry and two processes compiling the same plugin both end
 * with a whole one.
 */
public final class CompileCache implements CodeCache, CompiledModules {

    private final Path directory;

    public CompileCache(Path root) {
        this.directory = root.resolve(ChicoryEngine.cacheFolder());
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public byte[] get(String digest) throws IOException {
        try {
            return Files.readAllBytes(entry(digest));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void putIfAbsent(String digest, byte[] compiled) throws IOException {
        Path entry = entry(digest);
        if (Files.exists(entry)) {
            return;
        }
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, ".partial-", ".jar");
        try {
            Files.write(temp, compiled);
            try {
                Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, entry, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The name compiled code for this module is cached under, computed the way Chicory's parser
     * names a module by default (SHA-256, as {@code sha-256:BASE64}); if Chicory is configured to
     * digest differently the names do not match and nothing is ever found.
     */
    public static String digest(byte[] module) {
        return "sha-256:" + Base64.getEncoder().encodeToString(Sha256.digest(module));
    }

    /** Whether compiled code is cached under this digest (as Chicory's parser computes it). */
    @Override
    public boolean has(String digest) {
        return digest != null && Files.isRegularFile(entry(digest));
    }

    /** Drops an entry that could not be loaded, so the next load compiles afresh. */
    @Override
    public void evict(String digest) {
        try {
            Files.deleteIfExists(entry(digest));
        } catch (IOException e) {
            // Still unreadable: the next load compiles again and tries to replace it.
        }
    }

    /** A file name from the digest Chicory gives ("sha-256:BASE64"), safe on every filesystem. */
    private Path entry(String digest) {
        return directory.resolve(
                HexFormat.of().formatHex(digest.getBytes(StandardCharsets.UTF_8)) + ".jar");
    }
}
