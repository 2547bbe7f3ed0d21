package dev.sluice.server.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token every {@code /admin} call must carry. Read from {@code admin.token_file}; when
 * the file is absent a random 256-bit token is made and written there, readable by the owner only,
 * and the log says where — never the token itself.
 */
public final class AdminToken {

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);

    private final byte[] token;

    private AdminToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The token in {@code file}, made first if the file does not exist.
     *
     * @throws UncheckedIOException if the file cannot be read or made, naming it
     */
    public static AdminToken loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
                LOG.info(
                        "management API: made a new admin token in {} (owner-only); send it as"
                                + " 'Authorization: Bearer <token>'",
                        file.toAbsolutePath());
            } else {
                LOG.info("management API: admin token from {}", file.toAbsolutePath());
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.length() < 16) {
                throw new UncheckedIOException(
                        new IOException(
                                "admin token file "
                                        + file
                                        + " holds fewer than 16 characters; put a long random"
                                        + " token in it or delete it to have one made"));
            }
            return new AdminToken(text);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read or make the admin token file "
                            + file
                            + " ("
                            + e
                            + "); set admin.token_file or fix the folder's permissions",
                    e);
        }
    }

    private static void create(Path file) throws IOException {
        var bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + file.getFileName() + ".new");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(
                    temp,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp); // not a POSIX file system: its defaults apply
        }
        Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.delete(temp); // another process made it first: use theirs
        }
    }

    /** Whether an {@code Authorization} header carries the token; constant time in its length. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }
}
