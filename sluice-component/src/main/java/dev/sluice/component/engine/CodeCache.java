package dev.sluice.component.engine;

import java.io.IOException;

/**
 * Where an engine keeps compiled code between loads, by key (the module's digest). Entries are
 * opaque to the cache; an engine names its own store so code of another engine or version is never
 * offered to it.
 */
public interface CodeCache {

    /** The entry, or null when there is none. */
    byte[] get(String key) throws IOException;

    /** Keeps {@code code} unless an entry is already there. */
    void putIfAbsent(String key, byte[] code) throws IOException;

    boolean has(String key);

    /** Drops an entry that could not be used, so the next load compiles afresh. */
    void evict(String key);

    /** Where the entries are, for messages. */
    String location();
}
