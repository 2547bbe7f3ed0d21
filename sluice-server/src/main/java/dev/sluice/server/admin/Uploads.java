package dev.sluice.server.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Uploaded plugin files under {@code data_dir/plugins}: each version in a folder named for its
 * SHA-256, {@code <sha256>/<name>.wasm}, so a new version never overwrites the file the running one
 * was loaded from, and a version that fails to load is removed without touching it. A body is
 * written to a temporary file first, counted against the cap as it arrives, then moved into place.
 */
final class Uploads {

    /** A body that went over the cap; nothing was kept. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private final Path root;
    private final long maxBytes;

    Uploads(Path root, long maxBytes) {
        this.root = root;
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Streams a body to {@code <sha256>/<name>.wasm}; the file, once complete. */
    Path receive(String name, InputStream body) throws IOException, TooLarge {
        Files.createDirectories(root);
        Path temp = root.resolve(".incoming-" + UUID.randomUUID());
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try {
            long total = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
                var buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw new TooLarge();
                    }
                    out.write(buffer, 0, n);
                }
            }
            Path dir = root.resolve(HexFormat.of().formatHex(sha.digest()));
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".wasm");
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // The same bytes under the same name: that file is this upload already.
            }
            return file;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether a path is one of the uploads. */
    boolean holds(Path file) {
        return file.toAbsolutePath().normalize().startsWith(root.toAbsolutePath().normalize());
    }

    /** Removes an uploaded version (its folder); anything else is left alone. */
    void remove(Path file) {
        if (!holds(file)) {
            return;
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Left behind, it only takes space: the state never points at it again.
        }
    }
}
