package dev.sluice.server.log.disk;

import dev.sluice.server.log.TopicPartition;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A partition's directory name, {@code <topic>-<partition>}, with every byte of the topic's UTF-8
 * outside {@code [A-Za-z0-9._-]} written as {@code %XX}: any topic a producer names becomes a name
 * every file system accepts, and the name reads back to the same topic.
 */
final class PartitionDirName {

    /** Below the 255 bytes most file systems allow, with room for the partition number. */
    static final int MAX_LENGTH = 240;

    private PartitionDirName() {}

    static String of(TopicPartition tp) {
        String name = topic(tp.topic()) + '-' + tp.partition();
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "topic name too long for storage.type disk: its directory name would be "
                            + name.length()
                            + " characters, at most "
                            + MAX_LENGTH
                            + " fit; use a shorter topic name");
        }
        return name;
    }

    /** The topic part of the name, escaped. */
    static String topic(String topic) {
        var out = new StringBuilder();
        for (byte b : topic.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    /** The partition a directory holds, or empty when the name is not one {@link #of} makes. */
    static Optional<TopicPartition> parse(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return Optional.empty();
        }
        int partition;
        try {
            partition = Integer.parseInt(name.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < dash; i++) {
            char c = name.charAt(i);
            if (c == '%') {
                if (i + 2 >= dash) {
                    return Optional.empty();
                }
                try {
                    bytes.write(Integer.parseInt(name.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        if (partition < 0 || bytes.size() == 0) {
            return Optional.empty();
        }
        return Optional.of(
                new TopicPartition(
                        new String(bytes.toByteArray(), StandardCharsets.UTF_8), partition));
    }
}
