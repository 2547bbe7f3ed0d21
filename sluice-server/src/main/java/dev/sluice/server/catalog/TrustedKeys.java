package dev.sluice.server.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The publisher keys an operator trusts ({@code catalog.trusted_keys}, {@code --trust}). */
public final class TrustedKeys {

    private final Map<String, PublicKey> byId;

    private TrustedKeys(Map<String, PublicKey> byId) {
        this.byId = Map.copyOf(byId);
    }

    public static TrustedKeys none() {
        return new TrustedKeys(Map.of());
    }

    /**
     * Keys from settings: each an inline {@code ed25519:BASE64} key or a public key file.
     *
     * @throws IllegalArgumentException naming the key that cannot be read
     */
    public static TrustedKeys of(List<String> keys) {
        var byId = new LinkedHashMap<String, PublicKey>();
        for (String k : keys) {
            PublicKey key;
            if (k.startsWith("ed25519:")) {
                key = PublisherKeys.publicKey(k, "catalog.trusted_keys entry '" + k + "'");
            } else {
                try {
                    key = PublisherKeys.readPublic(Path.of(k));
                } catch (IOException e) {
                    throw new IllegalArgumentException(
                            "catalog.trusted_keys: cannot read the key file " + k + " (" + e + ")");
                }
            }
            byId.put(PublisherKeys.keyId(key), key);
        }
        return new TrustedKeys(byId);
    }

    public Set<String> ids() {
        return byId.keySet();
    }

    public SignatureState check(CatalogEntry entry) {
        var s = entry.signature();
        if (s == null || s.keyId() == null || s.value() == null) {
            return SignatureState.MISSING;
        }
        var key = byId.get(s.keyId());
        if (key == null) {
            return SignatureState.UNTRUSTED;
        }
        return PublisherKeys.verifies(entry, s.value(), key)
                ? SignatureState.VALID
                : SignatureState.INVALID;
    }

    /**
     * Refuses an entry whose signature is not {@link SignatureState#VALID}, saying what to do.
     *
     * @throws InstallRefused phase signature or trust
     */
    public void require(CatalogEntry entry) {
        switch (check(entry)) {
            case VALID -> {}
            case MISSING ->
                    throw new InstallRefused(
                            InstallRefused.Phase.SIGNATURE,
                            entry.label()
                                    + " is not signed; only signed entries are installed (the"
                                    + " publisher signs with sluice catalog publish --key)");
            case INVALID ->
                    throw new InstallRefused(
                            InstallRefused.Phase.SIGNATURE,
                            entry.label()
                                    + ": the signature by key "
                                    + entry.signature().keyId()
                                    + " does not match the entry: it was changed after signing;"
                                    + " nothing was installed");
            case UNTRUSTED ->
                    throw new InstallRefused(
                            InstallRefused.Phase.TRUST,
                            entry.label()
                                    + " is signed by key "
                                    + entry.signature().keyId()
                                    + ", which is not trusted here (trusted: "
                                    + (byId.isEmpty() ? "none" : String.join(", ", byId.keySet()))
                                    + "); add the publisher's .pub file to catalog.trusted_keys"
                                    + " (or --trust) if you trust it");
        }
    }
}
