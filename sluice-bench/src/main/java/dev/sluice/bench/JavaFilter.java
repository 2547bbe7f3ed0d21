package dev.sluice.bench;

import dev.sluice.record.Record;

/** The content filter in plain Java: the floor for the same logic on the JVM. */
public final class JavaFilter implements FilterEngine {

    @Override
    public boolean accept(Record record) {
        if (record.value().isEmpty()) {
            return false;
        }
        if (record.key() == null && record.topic().startsWith("sensitive-")) {
            return false;
        }
        return !record.valueText().contains("password");
    }

    @Override
    public void close() {}
}
