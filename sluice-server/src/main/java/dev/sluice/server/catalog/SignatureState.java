package dev.sluice.server.catalog;

import java.util.Locale;

/** What an entry's signature is worth to this operator. */
public enum SignatureState {
    /** Signed by a trusted key, and the signature verifies. */
    VALID,
    /** Signed by a trusted key, and the signature does not verify: the entry was changed. */
    INVALID,
    /** Signed by a key that is not in catalog.trusted_keys. */
    UNTRUSTED,
    /** Not signed. */
    MISSING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
