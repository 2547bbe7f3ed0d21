package dev.sluice.server.log;

/**
 * Records that cannot be stored: more than the in-memory budget allows in total, or a disk with no
 * room left. Nothing of the request is stored; a producer sees HTTP 507 with this message.
 */
public final class StorageFull extends RuntimeException {

    public StorageFull(String message) {
        super(message, null, false, false);
    }

    public StorageFull(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    static StorageFull overBudget(int records, long cost, long maxBytes) {
        return new StorageFull(
                "storage full: "
                        + (records == 1
                                ? "the record needs"
                                : "the request's " + records + " records need")
                        + " about "
                        + cost
                        + " bytes of memory, more than storage.retention.max_bytes ("
                        + maxBytes
                        + ") allows in total");
    }
}
