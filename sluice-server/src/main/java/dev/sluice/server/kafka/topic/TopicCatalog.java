package dev.sluice.server.kafka.topic;

import dev.sluice.server.log.TopicPartition;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Uuid;

/**
 * The topics Kafka clients see: each with its partition count and topic id. The log itself knows
 * only partitions that hold records; this also knows topics created empty (CreateTopics), how many
 * partitions they have, and their ids (Metadata v10+, Fetch by id). Kept in a small file under
 * {@code data_dir} with durable storage, rewritten whole (and forced) on every change; changes are
 * rare (a topic created or deleted), reads are lock-free.
 */
public final class TopicCatalog {

    /** A topic as Kafka clients see it. */
    public record Topic(String name, Uuid id, int partitions) {}

    private final Map<String, Topic> byName = new ConcurrentHashMap<>();
    private final Map<Uuid, Topic> byId = new ConcurrentHashMap<>();
    private final Path file;

    private TopicCatalog(Path file) {
        this.file = file;
    }

    /** A catalog kept in memory only ({@code storage.type: memory}). */
    public static TopicCatalog inMemory() {
        return new TopicCatalog(null);
    }

    /**
     * The catalog kept in {@code file}, read now if it exists.
     *
     * @throws UncheckedIOException if it cannot be read; the message names it
     */
    public static TopicCatalog open(Path file) {
        var catalog = new TopicCatalog(file);
        if (Files.exists(file)) {
            var props = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the topic list " + file, e);
            }
            for (var name : props.stringPropertyNames()) {
                String value = props.getProperty(name);
                int colon = value.indexOf(':');
                try {
                    var topic =
                            new Topic(
                                    name,
                                    Uuid.fromString(value.substring(0, colon)),
                                    Integer.parseInt(value.substring(colon + 1)));
                    catalog.put(topic);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(
                            "the topic list "
                                    + file
                                    + " has a bad entry for topic '"
                                    + name
                                    + "': "
                                    + value
                                    + " (expected <topic id>:<partitions>); fix or delete the"
                                    + " line",
                            e);
                }
            }
        }
        return catalog;
    }

    public Optional<Topic> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Topic> get(Uuid id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every topic, by name. */
    public List<Topic> all() {
        return byName.values().stream().sorted(Comparator.comparing(Topic::name)).toList();
    }

    /**
     * Creates a topic.
     *
     * @return the topic, or empty if one of that name exists already
     */
    public synchronized Optional<Topic> create(String name, int partitions) {
        if (byName.containsKey(name)) {
            return Optional.empty();
        }
        var topic = new Topic(name, Uuid.randomUuid(), partitions);
        put(topic);
        save();
        return Optional.of(topic);
    }

    /**
     * The topic, created with {@code partitions} or grown to that many if it has fewer (records
     * stored over HTTP or by a plugin that routed them name their partition).
     */
    public Topic ensure(String name, int partitions) {
        var known = byName.get(name);
        if (known != null && known.partitions() >= partitions) {
            return known;
        }
        synchronized (this) {
            known = byName.get(name);
            if (known != null && known.partitions() >= partitions) {
                return known;
            }
            var topic = new Topic(name, known == null ? Uuid.randomUuid() : known.id(), partitions);
            put(topic);
            save();
            return topic;
        }
    }

    /** Makes every partition the log already holds known (at start, before clients connect). */
    public void seed(Collection<TopicPartition> partitions) {
        var counts = new HashMap<String, Integer>();
        for (var p : partitions) {
            counts.merge(p.topic(), p.partition() + 1, Math::max);
        }
        counts.forEach(this::ensure);
    }

    /** Removes a topic; false if there was none of that name. */
    public synchronized boolean delete(String name) {
        var topic = byName.remove(name);
        if (topic == null) {
            return false;
        }
        byId.remove(topic.id());
        save();
        return true;
    }

    private void put(Topic topic) {
        byName.put(topic.name(), topic);
        byId.put(topic.id(), topic);
    }

    /** Writes the whole list to a new file, forces it, and moves it over the old one. */
    private void save() {
        if (file == null) {
            return;
        }
        var props = new Properties();
        for (var t : byName.values()) {
            props.setProperty(t.name(), t.id() + ":" + t.partitions());
        }
        var next = file.resolveSibling(file.getFileName() + ".next");
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
                props.store(out, "Kafka topics: <topic>=<topic id>:<partitions>");
            }
            try (var channel = FileChannel.open(next, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(
                    next,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the topic list " + file, e);
        }
    }
}
