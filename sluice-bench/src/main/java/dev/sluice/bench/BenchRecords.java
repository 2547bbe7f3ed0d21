package dev.sluice.bench;

import dev.sluice.record.Bytes;
import dev.sluice.record.Record;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The records every engine in the benchmark filters: a fixed, seeded mix of sixteen, twelve
 * accepted and four rejected (one empty value, one {@code sensitive-} topic without a key, two
 * values containing "password" near their end, so the search reads almost all of them).
 *
 * <p>The non-Java harnesses read the same records from a file written by {@link #write}:
 * little-endian {@code u32 count}, then per record {@code u32 partition, u32 topic_len, topic, i32
 * key_len (-1: no key), key, u32 value_len, value}.
 */
public final class BenchRecords {

    /** How many of {@link #records} the content filter accepts. */
    public static final int ACCEPTED = 12;

    private static final String WORDS = "abcdefghijklmnopqrstuvwxyz     ";

    private BenchRecords() {}

    public static List<Record> records(int valueSize) {
        var random = new Random(42);
        var records = new ArrayList<Record>();
        for (int i = 0; i < 16; i++) {
            String topic =
                    switch (i % 4) {
                        case 0 -> "orders";
                        case 1 -> "sensitive-payments";
                        case 2 -> "logs";
                        default -> "clicks";
                    };
            String key = i % 6 == 0 ? null : "key-" + i;
            String value = text(random, valueSize);
            switch (i) {
                case 5 -> key = null; // sensitive-payments without a key
                case 7 -> value = withPassword(value);
                case 10 -> value = "";
                case 14 -> value = withPassword(value);
                default -> {}
            }
            records.add(
                    Record.builder(topic)
                            .partition(i % 4)
                            .key(key == null ? null : Bytes.utf8(key))
                            .value(value)
                            .timestamp(1_700_000_000_000L + i)
                            .build());
        }
        return List.copyOf(records);
    }

    private static String text(Random random, int size) {
        var chars = new char[size];
        for (int i = 0; i < size; i++) {
            chars[i] = WORDS.charAt(random.nextInt(WORDS.length()));
        }
        return new String(chars);
    }

    private static String withPassword(String value) {
        String word = "password";
        int at = Math.max(0, value.length() - word.length() - 4);
        return value.substring(0, at) + word + value.substring(Math.min(value.length(), at + 8));
    }

    /** Writes {@link #records} in the harnesses' file format (see the class comment). */
    public static Path write(List<Record> records, Path file) throws IOException {
        var out = new ByteArrayOutputStream();
        out.writeBytes(u32(records.size()));
        for (var r : records) {
            byte[] topic = r.topic().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(u32(r.partition()));
            out.writeBytes(u32(topic.length));
            out.writeBytes(topic);
            if (r.key() == null) {
                out.writeBytes(u32(-1));
            } else {
                byte[] key = r.key().toByteArray();
                out.writeBytes(u32(key.length));
                out.writeBytes(key);
            }
            byte[] value = r.value().toByteArray();
            out.writeBytes(u32(value.length));
            out.writeBytes(value);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, out.toByteArray());
        return file;
    }

    private static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
