package dev.sluice.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.event.EventLimits;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.HttpClientLimits;
import dev.sluice.plugin.OnError;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.state.StateLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a settings file (YAML or TOML, by extension) into {@link Settings}, or fails with one
 * message naming the file, the key and what was expected.
 */
public final class SettingsLoader {

    private SettingsLoader() {}

    public static Settings load(Path file) {
        String name = file.getFileName().toString();
        ObjectMapper mapper = mapperFor(name);
        RawSettings raw;
        String text = "";
        try {
            text = Files.readString(file);
            raw = mapper.readValue(text, RawSettings.class);
        } catch (NoSuchFileException e) {
            throw new SettingsException("settings file not found: " + file.toAbsolutePath());
        } catch (JsonProcessingException e) {
            throw new SettingsException(describe(name, text, e), e);
        } catch (IOException e) {
            throw new SettingsException(name + ": cannot be read: " + e.getMessage(), e);
        }
        if (raw == null) {
            raw =
                    new RawSettings(
                            null, null, null, null, null, null, null, null, null, null, null, null,
                            null, null, null, null);
        }
        Path base = file.toAbsolutePath().getParent();
        return new Binder(name, base).bind(raw);
    }

    private static ObjectMapper mapperFor(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        ObjectMapper mapper;
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            mapper = new ObjectMapper(new YAMLFactory());
        } else if (lower.endsWith(".toml")) {
            mapper = new TomlMapper();
        } else {
            throw new SettingsException(
                    name + ": unknown settings format (use a .yaml, .yml or .toml file)");
        }
        return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Turns Jackson's exception into "file line N: key: problem". */
    private static String describe(String file, String text, JsonProcessingException e) {
        var where = new StringBuilder(file);
        var location = e.getLocation();
        int line = location == null ? -1 : location.getLineNr();
        if (e instanceof UnrecognizedPropertyException u) {
            // Jackson reports where it stopped reading (after the value); the key's own line is
            // what a user needs, and a key spelled wrong usually appears once.
            line = lineOfKey(text, u.getPropertyName()).orElse(line);
        }
        if (line > 0) {
            where.append(" line ").append(line);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String path = path(u);
            var known =
                    u.getKnownPropertyIds().stream()
                            .map(Object::toString)
                            .sorted()
                            .collect(Collectors.joining(", "));
            return where
                    + ": unknown key '"
                    + (path.isEmpty() ? u.getPropertyName() : path)
                    + "' (valid keys here: "
                    + known
                    + ")";
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return where + ": " + path(m) + ": " + firstLine(m.getOriginalMessage());
        }
        return where + ": not valid " + formatOf(file) + ": " + firstLine(e.getOriginalMessage());
    }

    /** The 1-based line where a key is written (YAML `key:` or TOML `key =`), if exactly one. */
    private static Optional<Integer> lineOfKey(String text, String key) {
        var pattern =
                java.util.regex.Pattern.compile(
                        "^\\s*[\"']?" + java.util.regex.Pattern.quote(key) + "[\"']?\\s*[:=]");
        String[] lines = text.split("\n", -1);
        int found = -1;
        for (int i = 0; i < lines.length; i++) {
            if (pattern.matcher(lines[i]).find()) {
                if (found > 0) {
                    return Optional.empty();
                }
                found = i + 1;
            }
        }
        return found > 0 ? Optional.of(found) : Optional.empty();
    }

    private static String formatOf(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".toml") ? "TOML" : "YAML";
    }

    private static String path(JsonMappingException e) {
        var parts = new ArrayList<String>();
        for (var ref : e.getPath()) {
            parts.add(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return String.join(".", parts).replace(".[", "[");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        // Jackson names Java types; users wrote YAML. Say what kind of value was wanted.
        return line.replace("`java.lang.Integer`", "an integer")
                .replace("`java.lang.Long`", "an integer")
                .replace("`java.lang.Boolean`", "true or false")
                .replace("`java.lang.String`", "text")
                .replace("`java.util.ArrayList<java.lang.String>`", "a list of paths");
    }

    /** Applies units, defaults and cross-key rules, collecting the first error by key. */
    private static final class Binder {
        private final String file;
        private final Path base;

        Binder(String file, Path base) {
            this.file = file;
            this.base = base;
        }

        Settings bind(RawSettings raw) {
            int port = raw.restPort() == null ? Settings.DEFAULT_PORT : raw.restPort();
            if (port < 0 || port > 65535) {
                throw error("rest_port", "'" + port + "' is not a port (expected 0 to 65535)");
            }
            String address = raw.restAddress() == null ? "0.0.0.0" : raw.restAddress();

            var global = raw.plugin();
            PluginSettings defaults =
                    global == null
                            ? PluginSettings.defaults()
                            : build(
                                    "plugin",
                                    runtime(
                                            global,
                                            limits("plugin", global, PluginSettings.defaults())));

            StateSettings state = state(raw);
            defaults = defaults.toBuilder().withStateLimits(state.limits()).build();

            List<Path> paths = new ArrayList<>();
            var rawPaths = raw.pluginPaths() == null ? List.<String>of() : raw.pluginPaths();
            for (int i = 0; i < rawPaths.size(); i++) {
                if (rawPaths.get(i) == null || rawPaths.get(i).isBlank()) {
                    // YAML reads "  -" (an item with nothing after it) as null.
                    throw error(
                            "plugin_paths[" + i + "]",
                            "the entry is empty; give the path of a .wasm file, or remove it");
                }
                Path path = base.resolve(rawPaths.get(i)).normalize();
                if (!Files.isRegularFile(path)) {
                    throw error(
                            "plugin_paths[" + i + "]",
                            "plugin file not found: "
                                    + rawPaths.get(i)
                                    + " (looked in "
                                    + path
                                    + ")");
                }
                paths.add(path);
            }

            Optional<Path> directory = Optional.empty();
            if (global != null && global.directory() != null) {
                Path dir = base.resolve(global.directory()).normalize();
                if (!Files.isDirectory(dir)) {
                    throw error(
                            "plugin.directory",
                            "not a directory: " + global.directory() + " (looked in " + dir + ")");
                }
                directory = Optional.of(dir);
            }

            Optional<Path> compileCache =
                    global == null || global.compileCache() == null
                            ? Optional.empty()
                            : Optional.of(base.resolve(global.compileCache()).normalize());

            Map<String, PluginSettings> overrides = new LinkedHashMap<>();
            if (raw.plugins() != null) {
                for (var entry : raw.plugins().entrySet()) {
                    String key = "plugins." + entry.getKey();
                    var override = entry.getValue();
                    if (override == null) {
                        overrides.put(entry.getKey(), defaults);
                        continue;
                    }
                    var builder = limits(key, override, defaults);
                    if (override.config() != null) {
                        builder.withConfig(override.config());
                    }
                    if (override.permissions() != null) {
                        builder.withPermissions(
                                permissions(key + ".permissions", override.permissions()));
                    }
                    if (override.state() != null) {
                        var s = override.state();
                        builder.withStateLimits(
                                stateLimits(
                                        key + ".state",
                                        defaults.stateLimits(),
                                        s.maxKeyBytes(),
                                        s.maxValueBytes(),
                                        s.maxKeys(),
                                        s.maxTotalBytes()));
                    }
                    overrides.put(entry.getKey(), build(key, builder));
                }
            }

            boolean enabled = global == null || global.enabled() == null || global.enabled();
            OptionalLong totalMemory =
                    global == null || global.maxTotalMemory() == null
                            ? OptionalLong.empty()
                            : OptionalLong.of(
                                    parse(
                                            "plugin.max_total_memory",
                                            global.maxTotalMemory(),
                                            true));
            if (totalMemory.isPresent() && totalMemory.getAsLong() < 1) {
                throw error("plugin.max_total_memory", "must be positive");
            }
            boolean requireAll =
                    global != null && global.requireAll() != null && global.requireAll();
            StorageSettings storage = storage(raw.dataDir(), raw.storage());
            HttpSettings http = http(raw.http());
            EventLimits events = events(raw.events());
            HttpClientLimits httpClient = httpClient(raw.httpClient());
            return new Settings(
                    file,
                    port,
                    address,
                    enabled,
                    paths,
                    directory,
                    defaults,
                    overrides,
                    compileCache,
                    totalMemory,
                    requireAll,
                    storage,
                    http,
                    watch(global),
                    state,
                    events,
                    httpClient,
                    kafka(raw.kafkaPort(), raw.kafka()),
                    admin(raw),
                    groups(raw.consumerGroups()));
        }

        /** {@code consumer_groups:}: Kafka's group bounds, with Kafka's defaults. */
        private GroupSettings groups(RawSettings.ConsumerGroups raw) {
            var d = GroupSettings.defaults();
            if (raw == null) {
                return d;
            }
            var min =
                    duration(
                            "consumer_groups.min_session_timeout",
                            raw.minSessionTimeout(),
                            d.minSessionTimeout());
            if (min.isZero() || min.isNegative()) {
                throw error("consumer_groups.min_session_timeout", "must be positive");
            }
            var max =
                    duration(
                            "consumer_groups.max_session_timeout",
                            raw.maxSessionTimeout(),
                            d.maxSessionTimeout());
            if (max.compareTo(min) < 0 || max.toMillis() > Integer.MAX_VALUE) {
                throw error(
                        "consumer_groups.max_session_timeout",
                        "must be from min_session_timeout (" + min + ") to 24 days");
            }
            int members = raw.maxMembers() == null ? d.maxMembers() : raw.maxMembers();
            if (members < 1) {
                throw error("consumer_groups.max_members", "must be at least 1");
            }
            long metadata =
                    raw.maxOffsetMetadata() == null
                            ? d.maxMetadataBytes()
                            : parse(
                                    "consumer_groups.max_offset_metadata",
                                    raw.maxOffsetMetadata(),
                                    true);
            if (metadata < 0 || metadata > 1 << 20) {
                throw error("consumer_groups.max_offset_metadata", "must be from 0 to 1MiB");
            }
            return new GroupSettings(min, max, members, (int) metadata);
        }

        /** {@code kafka_port} (default 9092, 0 off) and the {@code kafka:} block. */
        private KafkaSettings kafka(Integer rawPort, RawSettings.Kafka raw) {
            int port = rawPort == null ? KafkaSettings.DEFAULT_PORT : rawPort;
            if (port < 0 || port > 65535) {
                throw error(
                        "kafka_port",
                        "'" + port + "' is not a port (expected 1 to 65535, or 0 for no listener)");
            }
            var d = KafkaSettings.on(port).withPort(port);
            if (raw == null) {
                return d;
            }
            int partitions =
                    raw.defaultPartitions() == null
                            ? d.defaultPartitions()
                            : raw.defaultPartitions();
            if (partitions < 1 || partitions > 10_000) {
                throw error("kafka.default_partitions", "must be from 1 to 10000");
            }
            long maxRequest =
                    raw.maxRequestSize() == null
                            ? d.maxRequestBytes()
                            : parse("kafka.max_request_size", raw.maxRequestSize(), true);
            if (maxRequest < 1024 || maxRequest > Integer.MAX_VALUE - 8) {
                throw error("kafka.max_request_size", "must be from 1KiB to 2GiB");
            }
            var idle = duration("kafka.idle_timeout", raw.idleTimeout(), d.idleTimeout());
            if (idle.isZero() || idle.isNegative()) {
                throw error("kafka.idle_timeout", "must be positive");
            }
            var host = raw.advertisedHost();
            if (host != null && host.isBlank()) {
                throw error("kafka.advertised_host", "must not be empty (leave it out instead)");
            }
            return new KafkaSettings(
                    d.enabled(),
                    port,
                    Optional.ofNullable(host),
                    raw.autoCreateTopics() == null || raw.autoCreateTopics(),
                    partitions,
                    (int) maxRequest,
                    idle);
        }

        /** {@code admin:}; its files live in {@code data_dir}, the token file beside them. */
        private AdminSettings admin(RawSettings raw) {
            Path dataDir = base.resolve(raw.dataDir() == null ? "data" : raw.dataDir()).normalize();
            var a = raw.admin();
            if (a == null) {
                return AdminSettings.in(dataDir).withCatalog(catalog(raw.catalog()));
            }
            long maxUpload =
                    a.maxUpload() == null
                            ? AdminSettings.DEFAULT_MAX_UPLOAD
                            : parse("admin.max_upload", a.maxUpload(), true);
            if (maxUpload < 1) {
                throw error("admin.max_upload", "must be positive");
            }
            Optional<Path> token =
                    a.tokenFile() == null
                            ? Optional.empty()
                            : Optional.of(base.resolve(a.tokenFile()).normalize());
            return AdminSettings.of(
                    dataDir,
                    token,
                    maxUpload,
                    a.enabled() == null || a.enabled(),
                    catalog(raw.catalog()));
        }

        /** {@code catalog:}; a folder and key files are relative to the settings file. */
        private CatalogSettings catalog(RawSettings.Catalog raw) {
            var d = CatalogSettings.none();
            if (raw == null) {
                return d;
            }
            String url = raw.url();
            if (url != null && url.isBlank()) {
                throw error("catalog.url", "must not be empty (leave it out instead)");
            }
            if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
                url = base.resolve(url).normalize().toString();
            }
            var keys = new ArrayList<String>();
            for (String k : raw.trustedKeys() == null ? List.<String>of() : raw.trustedKeys()) {
                if (k == null || k.isBlank()) {
                    throw error(
                            "catalog.trusted_keys",
                            "an entry is empty: write a .pub file or ed25519:BASE64");
                }
                keys.add(k.startsWith("ed25519:") ? k : base.resolve(k).normalize().toString());
            }
            long maxIndex =
                    raw.maxIndex() == null
                            ? d.maxIndexBytes()
                            : parse("catalog.max_index", raw.maxIndex(), true);
            long maxDownload =
                    raw.maxDownload() == null
                            ? d.maxDownloadBytes()
                            : parse("catalog.max_download", raw.maxDownload(), true);
            if (maxIndex < 1 || maxDownload < 1) {
                throw error(
                        maxIndex < 1 ? "catalog.max_index" : "catalog.max_download",
                        "must be positive");
            }
            var timeout = duration("catalog.timeout", raw.timeout(), d.timeout());
            if (timeout.isZero() || timeout.isNegative()) {
                throw error("catalog.timeout", "must be positive");
            }
            return new CatalogSettings(
                    Optional.ofNullable(url), keys, maxIndex, maxDownload, timeout);
        }

        private WatchSettings watch(RawSettings.Global global) {
            if (global == null) {
                return WatchSettings.off();
            }
            var debounce =
                    duration(
                            "plugin.watch_debounce",
                            global.watchDebounce(),
                            WatchSettings.DEFAULT_DEBOUNCE);
            if (debounce.isZero()) {
                throw error("plugin.watch_debounce", "must be positive");
            }
            return new WatchSettings(global.watch() != null && global.watch(), debounce);
        }

        /** {@code state:} and {@code data_dir}: the embedded store lives in data_dir/state. */
        private StateSettings state(RawSettings raw) {
            var s = raw.state();
            Path dataDir = base.resolve(raw.dataDir() == null ? "data" : raw.dataDir()).normalize();
            StateLimits limits =
                    s == null
                            ? StateLimits.defaults()
                            : stateLimits(
                                    "state",
                                    StateLimits.defaults(),
                                    s.maxKeyBytes(),
                                    s.maxValueBytes(),
                                    s.maxKeys(),
                                    s.maxTotalBytes());
            var type =
                    s == null || s.type() == null
                            ? StateSettings.Type.EMBEDDED
                            : choice("state.type", s.type(), StateSettings.Type.class);
            Optional<String> url =
                    s == null || s.redis() == null
                            ? Optional.empty()
                            : Optional.ofNullable(s.redis().url());
            return switch (type) {
                case EMBEDDED ->
                        new StateSettings(
                                type,
                                Optional.of(dataDir.resolve("state")),
                                Optional.empty(),
                                limits);
                case MEMORY -> new StateSettings(type, Optional.empty(), Optional.empty(), limits);
                case REDIS -> {
                    String u =
                            url.orElseThrow(
                                    () ->
                                            error(
                                                    "state.redis.url",
                                                    "state.type is redis: give the server's URL,"
                                                            + " e.g. redis://127.0.0.1:6379/0"));
                    if (!u.startsWith("redis://") && !u.startsWith("rediss://")) {
                        throw error(
                                "state.redis.url",
                                "'" + u + "' is not a redis:// or rediss:// URL");
                    }
                    yield new StateSettings(type, Optional.empty(), Optional.of(u), limits);
                }
            };
        }

        private StateLimits stateLimits(
                String prefix,
                StateLimits inherited,
                String maxKeyBytes,
                String maxValueBytes,
                Long maxKeys,
                String maxTotalBytes) {
            int keyBytes =
                    maxKeyBytes == null
                            ? inherited.maxKeyBytes()
                            : intSize(prefix + ".max_key_bytes", maxKeyBytes);
            int valueBytes =
                    maxValueBytes == null
                            ? inherited.maxValueBytes()
                            : intSize(prefix + ".max_value_bytes", maxValueBytes);
            long keys = maxKeys == null ? inherited.maxKeys() : maxKeys;
            long total =
                    maxTotalBytes == null
                            ? inherited.maxTotalBytes()
                            : parse(prefix + ".max_total_bytes", maxTotalBytes, true);
            try {
                return new StateLimits(keyBytes, valueBytes, keys, total);
            } catch (IllegalArgumentException e) {
                // "state.max_keys must be …": name the key as written (global or per plugin)
                String message = e.getMessage();
                int space = message.indexOf(' ');
                String limit = message.substring("state.".length(), space);
                throw error(prefix + "." + limit, message.substring(space + 1));
            }
        }

        private int intSize(String key, String value) {
            long bytes = parse(key, value, true);
            if (bytes > Integer.MAX_VALUE) {
                throw error(key, "must be below 2GiB");
            }
            return (int) bytes;
        }

        private EventLimits events(RawSettings.Events raw) {
            var d = EventLimits.defaults();
            if (raw == null) {
                return d;
            }
            int capacity = raw.queueCapacity() == null ? d.queueCapacity() : raw.queueCapacity();
            long payload =
                    raw.maxPayloadBytes() == null
                            ? d.maxPayloadBytes()
                            : parse("events.max_payload_bytes", raw.maxPayloadBytes(), true);
            if (payload > Integer.MAX_VALUE) {
                throw error("events.max_payload_bytes", "must be less than 2 GiB");
            }
            int threads = raw.threads() == null ? d.threads() : raw.threads();
            try {
                return new EventLimits(capacity, (int) payload, threads);
            } catch (IllegalArgumentException e) {
                // The message starts with the key it is about: "events.threads must be …".
                int space = e.getMessage().indexOf(' ');
                throw error(
                        e.getMessage().substring(0, space), e.getMessage().substring(space + 1));
            }
        }

        private HttpClientLimits httpClient(RawSettings.HttpClient raw) {
            var d = HttpClientLimits.defaults();
            if (raw == null) {
                return d;
            }
            String p = "http_client.";
            try {
                return new HttpClientLimits(
                        size(p + "max_request_bytes", raw.maxRequestBytes(), d.maxRequestBytes()),
                        size(
                                p + "max_response_bytes",
                                raw.maxResponseBytes(),
                                d.maxResponseBytes()),
                        raw.maxHeaders() == null ? d.maxHeaders() : raw.maxHeaders(),
                        (int)
                                Math.min(
                                        Integer.MAX_VALUE,
                                        size(
                                                p + "max_header_bytes",
                                                raw.maxHeaderBytes(),
                                                d.maxHeaderBytes())),
                        raw.maxRedirects() == null ? d.maxRedirects() : raw.maxRedirects(),
                        duration(p + "timeout", raw.timeout(), d.timeout()));
            } catch (IllegalArgumentException e) {
                // "http_client.max_headers must be positive, was 0": the key, then the problem
                int space = e.getMessage().indexOf(' ');
                throw error(
                        e.getMessage().substring(0, space), e.getMessage().substring(space + 1));
            }
        }

        private long size(String key, String value, long defaultValue) {
            return value == null ? defaultValue : parse(key, value, true);
        }

        /**
         * Disk unless {@code storage.type: memory}; {@code data_dir} relative to the settings
         * file's folder. Each key's default is the type's (in memory, max_bytes is a quarter of the
         * heap for all records; on disk, 1GiB per partition).
         */
        private StorageSettings storage(String dataDir, RawSettings.Storage raw) {
            var type =
                    raw == null || raw.type() == null
                            ? StorageSettings.Type.DISK
                            : choice("storage.type", raw.type(), StorageSettings.Type.class);
            Path dir = base.resolve(dataDir == null ? "data" : dataDir).normalize();
            var defaults =
                    type == StorageSettings.Type.DISK
                            ? StorageSettings.disk(dir)
                            : new StorageSettings(
                                    StorageSettings.Type.MEMORY,
                                    dir,
                                    StorageSettings.DEFAULT_SEGMENT_BYTES,
                                    new StorageSettings.Flush.EveryBatch(),
                                    StorageSettings.defaults().retentionMaxBytes(),
                                    Optional.empty());
            if (raw == null) {
                return defaults;
            }
            long segment = defaults.segmentBytes();
            if (raw.segmentBytes() != null) {
                segment = parse("storage.segment_bytes", raw.segmentBytes(), true);
                if (segment < 1024 || segment > StorageSettings.MAX_SEGMENT_BYTES) {
                    throw error("storage.segment_bytes", "must be from 1KiB to 1GiB");
                }
            }
            long max = defaults.retentionMaxBytes();
            var maxAge = defaults.retentionMaxAge();
            if (raw.retention() != null) {
                if (raw.retention().maxBytes() != null) {
                    String key = "storage.retention.max_bytes";
                    max = parse(key, raw.retention().maxBytes(), true);
                    if (max <= 0) {
                        throw error(key, "must be more than 0 bytes");
                    }
                }
                if (raw.retention().maxAge() != null) {
                    String key = "storage.retention.max_age";
                    var age = duration(key, raw.retention().maxAge());
                    if (age.isZero() || age.isNegative()) {
                        throw error(
                                key, "must be longer than 0 (or leave it out for no age limit)");
                    }
                    maxAge = Optional.of(age);
                }
            }
            return new StorageSettings(type, dir, segment, flush(raw.flush()), max, maxAge);
        }

        /** {@code flush: every_batch} or {@code flush: {interval: 1s}}. */
        private StorageSettings.Flush flush(Object raw) {
            String key = "storage.flush";
            if (raw == null) {
                return new StorageSettings.Flush.EveryBatch();
            }
            if (raw instanceof String text && text.trim().equalsIgnoreCase("every_batch")) {
                return new StorageSettings.Flush.EveryBatch();
            }
            if (raw instanceof Map<?, ?> map
                    && map.size() == 1
                    && map.get("interval") instanceof String every) {
                var interval = duration(key + ".interval", every);
                if (interval.isZero() || interval.isNegative()) {
                    throw error(key + ".interval", "must be longer than 0");
                }
                return new StorageSettings.Flush.Interval(interval);
            }
            throw error(
                    key,
                    "expected every_batch (the default: forced to disk before each answer) or"
                            + " {interval: 1s} (forced every interval: faster, but a power loss"
                            + " may lose that much), not "
                            + raw);
        }

        private HttpSettings http(RawSettings.Http raw) {
            var d = HttpSettings.defaults();
            if (raw == null) {
                return d;
            }
            long maxRequest =
                    raw.maxRequestSize() == null
                            ? d.maxRequestBytes()
                            : parse("http.max_request_size", raw.maxRequestSize(), true);
            Duration idle = duration("http.idle_timeout", raw.idleTimeout(), d.idleTimeout());
            Duration body = duration("http.body_timeout", raw.bodyTimeout(), d.bodyTimeout());
            int connections =
                    raw.maxConnections() == null ? d.maxConnections() : raw.maxConnections();
            int threads = raw.maxThreads() == null ? d.maxThreads() : raw.maxThreads();
            try {
                return new HttpSettings(maxRequest, idle, body, connections, threads);
            } catch (IllegalArgumentException e) {
                int colon = e.getMessage().indexOf(' ');
                throw error(
                        e.getMessage().substring(0, colon), e.getMessage().substring(colon + 1));
            }
        }

        private PluginSettings.Builder limits(
                String prefix, RawSettings.Limits raw, PluginSettings inherited) {
            var builder = inherited.toBuilder();
            if (raw.maxMemory() != null && raw.maxMemoryMb() != null) {
                throw error(
                        prefix + ".max_memory", "set either max_memory or max_memory_mb, not both");
            }
            if (raw.maxMemory() != null) {
                builder.withMaxMemoryBytes(parse(prefix + ".max_memory", raw.maxMemory(), true));
            }
            if (raw.maxMemoryMb() != null) {
                builder.withMaxMemoryBytes(raw.maxMemoryMb() * 1024 * 1024);
            }
            if (raw.maxExecutionTime() != null && raw.maxExecutionTimeMs() != null) {
                throw error(
                        prefix + ".max_execution_time",
                        "set either max_execution_time or max_execution_time_ms, not both");
            }
            if (raw.maxExecutionTime() != null) {
                builder.withMaxExecutionTime(
                        Duration.ofNanos(
                                parse(
                                        prefix + ".max_execution_time",
                                        raw.maxExecutionTime(),
                                        false)));
            }
            if (raw.maxExecutionTimeMs() != null) {
                builder.withMaxExecutionTime(Duration.ofMillis(raw.maxExecutionTimeMs()));
            }
            if (raw.engine() != null) {
                builder.withEngine(engine(prefix + ".engine", raw.engine()));
            }
            if (raw.onError() != null) {
                builder.withOnError(choice(prefix + ".on_error", raw.onError(), OnError.class));
            }
            if (raw.maxConsecutiveFailures() != null) {
                builder.withMaxConsecutiveFailures(raw.maxConsecutiveFailures());
            }
            build(prefix, builder);
            return builder;
        }

        /** The global-only keys on how instances are pooled, queued and retried. */
        private PluginSettings.Builder runtime(RawSettings.Global raw, PluginSettings.Builder b) {
            var current = b.build();
            if (raw.maxInstances() != null) {
                b.withMaxInstances(raw.maxInstances());
            }
            if (raw.maxQueueTime() != null) {
                b.withMaxQueueTime(duration("plugin.max_queue_time", raw.maxQueueTime()));
            }
            if (raw.maxInitTime() != null) {
                b.withMaxInitTime(duration("plugin.max_init_time", raw.maxInitTime()));
            }
            if (raw.maxRecordBytes() != null) {
                b.withMaxRecordBytes(parse("plugin.max_record_bytes", raw.maxRecordBytes(), true));
            }
            if (raw.failureBackoff() != null || raw.maxFailureBackoff() != null) {
                var first =
                        raw.failureBackoff() == null
                                ? current.failureBackoff()
                                : duration("plugin.failure_backoff", raw.failureBackoff());
                var max =
                        raw.maxFailureBackoff() == null
                                ? current.maxFailureBackoff()
                                : duration("plugin.max_failure_backoff", raw.maxFailureBackoff());
                if (max.compareTo(first) < 0) {
                    throw error(
                            "plugin.max_failure_backoff",
                            (raw.maxFailureBackoff() == null
                                            ? "the default of 5min"
                                            : "'" + raw.maxFailureBackoff() + "'")
                                    + " is below plugin.failure_backoff "
                                    + (raw.failureBackoff() == null
                                            ? "(default 5s)"
                                            : "'" + raw.failureBackoff() + "'")
                                    + "; raise it or lower the backoff");
                }
                b.withFailureBackoff(first, max);
            }
            return b;
        }

        private Duration duration(String key, String value) {
            return Duration.ofNanos(parse(key, value, false));
        }

        private PluginSettings build(String prefix, PluginSettings.Builder builder) {
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw error(prefix, e.getMessage());
            }
        }

        private Duration duration(String key, String value, Duration defaultValue) {
            return value == null ? defaultValue : Duration.ofNanos(parse(key, value, false));
        }

        private long parse(String key, String value, boolean size) {
            try {
                return size ? Units.parseSize(value) : Units.parseDuration(value).toNanos();
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
        }

        private ExecutionEngine engine(String key, String value) {
            try {
                return ExecutionEngine.parse(value);
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
        }

        private <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
            try {
                return Units.parseChoice(value, type);
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
        }

        private Permissions permissions(String key, RawSettings.RawPermissions raw) {
            var publish = raw.events() == null ? null : raw.events().publish();
            var allow = raw.http() == null ? null : raw.http().allow();
            if (publish != null && publish.contains(null)) {
                throw error(key + ".events.publish", "an entry is empty: name a channel");
            }
            if (allow != null && allow.contains(null)) {
                throw error(key + ".http.allow", "an entry is empty: write host:port");
            }
            var granted = Permissions.none().withState(raw.state() != null && raw.state());
            try {
                granted = granted.withPublish(publish == null ? Set.of() : Set.copyOf(publish));
            } catch (IllegalArgumentException e) {
                throw error(key + ".events.publish", e.getMessage());
            }
            try {
                return granted.withHttpAllow(allow == null ? List.of() : allow);
            } catch (IllegalArgumentException e) {
                throw error(key + ".http.allow", e.getMessage());
            }
        }

        private SettingsException error(String key, String problem) {
            return new SettingsException(file + ": " + key + ": " + problem);
        }
    }
}
