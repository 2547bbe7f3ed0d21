package dev.sluice.server.log.disk;

import dev.sluice.server.log.TopicPartition;
import java.nio.file.Path;

/**
 * Something recovery cut from a segment file at startup, and why (also logged as a warning).
 *
 * @param file the segment file
 * @param position the byte it was cut at
 * @param offset the first offset cut (the partition's high watermark after the cut)
 * @param bytes how many bytes were cut
 */
public record RecoveryCut(
        TopicPartition partition, Path file, long position, long offset, long bytes, String why) {}
