package dev.sluice.server.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Publisher keys: Ed25519 pairs from the JDK. A public key file is PEM ({@code -----BEGIN PUBLIC
 * KEY-----}, base64 of the X.509 SubjectPublicKeyInfo DER); a private key file is PEM ({@code
 * -----BEGIN PRIVATE KEY-----}, PKCS#8 DER) and is written readable by its owner only. A key's id
 * is the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo DER.
 */
public final class PublisherKeys {

    private static final String PUBLIC = "PUBLIC KEY";
    private static final String PRIVATE = "PRIVATE KEY";

    private PublisherKeys() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 JDK has Ed25519", e);
        }
    }

    /** The id a signature names its key by. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Writes {@code <base>.pub} and {@code <base>.key} (owner-only); refuses to overwrite. */
    public static void write(KeyPair pair, Path publicFile, Path privateFile) throws IOException {
        for (Path p : new Path[] {publicFile, privateFile}) {
            if (Files.exists(p)) {
                throw new IOException(p + " exists already; move it away or choose another --out");
            }
        }
        Path parent = privateFile.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(publicFile, pem(PUBLIC, pair.getPublic().getEncoded()));
        try {
            Files.createFile(
                    privateFile,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(privateFile); // not a POSIX file system: the folder's rights apply
        }
        Files.writeString(privateFile, pem(PRIVATE, pair.getPrivate().getEncoded()));
    }

    /** A public key from PEM text or from {@code ed25519:BASE64} (SubjectPublicKeyInfo DER). */
    public static PublicKey publicKey(String text, String where) {
        String t = text.strip();
        byte[] der =
                t.startsWith("ed25519:")
                        ? decode(t.substring("ed25519:".length()), where)
                        : fromPem(t, PUBLIC, where);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not an Ed25519 public key (" + e + ")");
        }
    }

    public static PublicKey readPublic(Path file) throws IOException {
        return publicKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    public static PrivateKey readPrivate(Path file) throws IOException {
        byte[] der =
                fromPem(
                        Files.readString(file, StandardCharsets.US_ASCII),
                        PRIVATE,
                        file.toString());
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    file + " is not an Ed25519 private key (" + e.getMessage() + ")");
        }
    }

    /** Signs an entry; the entry's signature names this key pair's id. */
    public static CatalogEntry sign(CatalogEntry entry, PrivateKey key, PublicKey pub) {
        try {
            var s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(entry.signedBytes());
            return entry.signed(
                    new CatalogEntry.Signature(
                            keyId(pub), Base64.getEncoder().encodeToString(s.sign())));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code value} (base64) is {@code key}'s signature over {@code entry}. */
    static boolean verifies(CatalogEntry entry, String value, PublicKey key) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            var s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(entry.signedBytes());
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }

    private static byte[] fromPem(String text, String type, String where) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException(
                    where
                            + " is not a PEM "
                            + type.toLowerCase(java.util.Locale.ROOT)
                            + " file (it must hold '"
                            + begin
                            + "')");
        }
        return decode(text.substring(b + begin.length(), e).replaceAll("\\s", ""), where);
    }

    private static byte[] decode(String base64, String where) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": the key is not base64");
        }
    }
}
