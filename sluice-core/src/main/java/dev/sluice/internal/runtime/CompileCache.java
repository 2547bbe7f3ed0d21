package dev.sluice.internal.runtime;

import com.dylibso.chicory.compiler.Cache;
import dev.sluice.internal.loader.CompiledModules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Properties;
import java.util.zip.ZipInputStream;

/**
 * What Chicory's compiler produced for a module, kept on disk and keyed by the module's content
 * hash, so the next load of the same bytes skips compiling (most of a cold start).
 *
 * <p>Entries live under a folder named after the Chicory version: generated classes are only valid
 * for the compiler that made them, and an upgrade simply starts a new folder. Writes go to a
 * temporary file first and are moved into place, so a reader never sees half an entry and two
 * processes compiling the same plugin both end with a whole one.
 */
public final class CompileCache implements Cache, CompiledModules {

    private final Path directory;

    public CompileCache(Path root) {
        this.directory = root.resolve("chicory-" + chicoryVersion());
    }

    public Path directory() {
        return directory;
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
     * The digest compiled code for this module is cached under, or null. Computes it the way
     * Chicory's parser does by default (SHA-256, as {@code sha-256:BASE64}); if Chicory is
     * configured to digest differently the names do not match and the answer is simply none.
     */
    @Override
    public String heldDigest(byte[] module) {
        String digest = "sha-256:" + Base64.getEncoder().encodeToString(Sha256.digest(module));
        return has(digest) ? digest : null;
    }

    /**
     * The entry cached under this digest if it runs every function of its module compiled, else
     * null. Chicory leaves a function too large for a JVM method to its interpreter, and then the
     * module's main class keeps the interpreter in a field of this name: such code reads function
     * bodies. An entry that is missing or cannot be read answers null too.
     */
    byte[] compilingEveryFunction(String digest) {
        byte[] jar;
        try {
            jar = Files.readAllBytes(entry(digest));
        } catch (IOException e) {
            return null;
        }
        byte[] marker = INTERPRETER_FIELD.getBytes(StandardCharsets.US_ASCII);
        String main = null;
        var classes = new HashMap<String, byte[]>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("wasm-module.properties")) {
                    var properties = new Properties();
                    properties.load(in);
                    main = properties.getProperty("mainClass", "").replace('.', '/') + ".class";
                    if (classes.containsKey(main)) {
                        break;
                    }
                } else if (e.getName().endsWith(".class")) {
                    byte[] bytes = in.readAllBytes();
                    if (e.getName().equals(main)) {
                        return contains(bytes, marker) ? null : jar;
                    }
                    classes.put(e.getName(), bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        byte[] mainClass = main == null ? null : classes.get(main);
        return mainClass == null || contains(mainClass, marker) ? null : jar;
    }

    /** The field Chicory 1.x's compiled main class keeps its interpreter fallback in. */
    static final String INTERPRETER_FIELD = "compilerInterpreterMachine";

    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether compiled code is cached under this digest (as Chicory's parser computes it). */
    boolean has(String digest) {
        return digest != null && Files.isRegularFile(entry(digest));
    }

    /** Drops an entry that could not be loaded, so the next load compiles afresh. */
    void evict(String digest) {
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

    private static String chicoryVersion() {
        try (InputStream in =
                Cache.class.getResourceAsStream(
                        "/META-INF/maven/com.dylibso.chicory/compiler/pom.properties")) {
            if (in != null) {
                var properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }
}
