package dev.sluice.server.log;

import dev.sluice.record.Record;

/** A stored record with its offset. */
public record StoredEntry(long offset, Record record) {}
