package dev.sluice.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The settings file exactly as written, before units are parsed and defaults applied. Field names
 * are the keys users of Blink and OurChat already write; Jackson rejects any other key.
 */
record RawSettings(
        @JsonProperty("rest_port") Integer restPort,
        @JsonProperty("rest_address") String restAddress,
        @JsonProperty("data_dir") String dataDir,
        @JsonProperty("plugin_paths") List<String> pluginPaths,
        @JsonProperty("plugin") Global plugin,
        @JsonProperty("plugins") Map<String, PluginOverride> plugins,
        @JsonProperty("storage") Storage storage,
        @JsonProperty("http") Http http,
        @JsonProperty("state") State state,
        @JsonProperty("events") Events events,
        @JsonProperty("http_client") HttpClient httpClient,
        @JsonProperty("kafka_port") Integer kafkaPort,
        @JsonProperty("kafka") Kafka kafka,
        @JsonProperty("admin") Admin admin,
        @JsonProperty("consumer_groups") ConsumerGroups consumerGroups,
        @JsonProperty("catalog") Catalog catalog) {

    /** The plugin catalog ({@code catalog:}; docs/catalog.md). */
    record Catalog(
            @JsonProperty("url") String url,
            @JsonProperty("trusted_keys") List<String> trustedKeys,
            @JsonProperty("max_index") String maxIndex,
            @JsonProperty("max_download") String maxDownload,
            @JsonProperty("timeout") String timeout) {}

    /** Bounds on Kafka consumer groups ({@code consumer_groups:}). */
    record ConsumerGroups(
            @JsonProperty("min_session_timeout") String minSessionTimeout,
            @JsonProperty("max_session_timeout") String maxSessionTimeout,
            @JsonProperty("max_members") Integer maxMembers,
            @JsonProperty("max_offset_metadata") String maxOffsetMetadata) {}

    /** The Kafka protocol listener ({@code kafka:}; its port is {@code kafka_port}). */
    record Kafka(
            @JsonProperty("advertised_host") String advertisedHost,
            @JsonProperty("auto_create_topics") Boolean autoCreateTopics,
            @JsonProperty("default_partitions") Integer defaultPartitions,
            @JsonProperty("max_request_size") String maxRequestSize,
            @JsonProperty("idle_timeout") String idleTimeout) {}

    /** The management API ({@code admin:}). */
    record Admin(
            @JsonProperty("enabled") Boolean enabled,
            @JsonProperty("token_file") String tokenFile,
            @JsonProperty("max_upload") String maxUpload) {}

    /** The event bus between plugins ({@code events:}). */
    record Events(
            @JsonProperty("queue_capacity") Integer queueCapacity,
            @JsonProperty("max_payload_bytes") String maxPayloadBytes,
            @JsonProperty("threads") Integer threads) {}

    /** Limits shared by the global {@code plugin:} block and per-plugin overrides. */
    interface Limits {
        String maxMemory();

        Long maxMemoryMb();

        String maxExecutionTime();

        Long maxExecutionTimeMs();

        String engine();

        String onError();

        Integer maxConsecutiveFailures();
    }

    record Global(
            @JsonProperty("enabled") Boolean enabled,
            @JsonProperty("directory") String directory,
            @JsonProperty("compile_cache") String compileCache,
            @JsonProperty("max_memory") String maxMemory,
            @JsonProperty("max_memory_mb") Long maxMemoryMb,
            @JsonProperty("max_execution_time") String maxExecutionTime,
            @JsonProperty("max_execution_time_ms") Long maxExecutionTimeMs,
            @JsonProperty("engine") String engine,
            @JsonProperty("on_error") String onError,
            @JsonProperty("max_consecutive_failures") Integer maxConsecutiveFailures,
            @JsonProperty("max_total_memory") String maxTotalMemory,
            @JsonProperty("max_instances") Integer maxInstances,
            @JsonProperty("max_queue_time") String maxQueueTime,
            @JsonProperty("max_init_time") String maxInitTime,
            @JsonProperty("max_record_bytes") String maxRecordBytes,
            @JsonProperty("failure_backoff") String failureBackoff,
            @JsonProperty("max_failure_backoff") String maxFailureBackoff,
            @JsonProperty("require_all") Boolean requireAll,
            @JsonProperty("watch") Boolean watch,
            @JsonProperty("watch_debounce") String watchDebounce)
            implements Limits {}

    /** One plugin's block under {@code plugins:}. */
    record PluginOverride(
            @JsonProperty("max_memory") String maxMemory,
            @JsonProperty("max_memory_mb") Long maxMemoryMb,
            @JsonProperty("max_execution_time") String maxExecutionTime,
            @JsonProperty("max_execution_time_ms") Long maxExecutionTimeMs,
            @JsonProperty("engine") String engine,
            @JsonProperty("on_error") String onError,
            @JsonProperty("max_consecutive_failures") Integer maxConsecutiveFailures,
            @JsonProperty("config") Map<String, String> config,
            @JsonProperty("permissions") RawPermissions permissions,
            @JsonProperty("state") PluginStateLimits state)
            implements Limits {}

    /** {@code plugins.<name>.permissions}: nothing is granted unless listed. */
    record RawPermissions(
            @JsonProperty("state") Boolean state,
            @JsonProperty("events") EventsGrant events,
            @JsonProperty("http") HttpGrant http) {}

    record EventsGrant(@JsonProperty("publish") List<String> publish) {}

    record HttpGrant(@JsonProperty("allow") List<String> allow) {}

    /** {@code state:}: the store, and the limits every plugin gets. */
    record State(
            @JsonProperty("type") String type,
            @JsonProperty("redis") Redis redis,
            @JsonProperty("max_key_bytes") String maxKeyBytes,
            @JsonProperty("max_value_bytes") String maxValueBytes,
            @JsonProperty("max_keys") Long maxKeys,
            @JsonProperty("max_total_bytes") String maxTotalBytes) {}

    record Redis(@JsonProperty("url") String url) {}

    /** {@code plugins.<name>.state:}: one plugin's own state limits. */
    record PluginStateLimits(
            @JsonProperty("max_key_bytes") String maxKeyBytes,
            @JsonProperty("max_value_bytes") String maxValueBytes,
            @JsonProperty("max_keys") Long maxKeys,
            @JsonProperty("max_total_bytes") String maxTotalBytes) {}

    record Storage(
            @JsonProperty("type") String type,
            @JsonProperty("segment_bytes") String segmentBytes,
            @JsonProperty("flush") Object flush,
            @JsonProperty("retention") Retention retention) {}

    record Retention(
            @JsonProperty("max_bytes") String maxBytes, @JsonProperty("max_age") String maxAge) {}

    /** {@code http_client:}: bounds on the outgoing requests plugins make. */
    record HttpClient(
            @JsonProperty("max_request_bytes") String maxRequestBytes,
            @JsonProperty("max_response_bytes") String maxResponseBytes,
            @JsonProperty("max_headers") Integer maxHeaders,
            @JsonProperty("max_header_bytes") String maxHeaderBytes,
            @JsonProperty("max_redirects") Integer maxRedirects,
            @JsonProperty("timeout") String timeout) {}

    record Http(
            @JsonProperty("max_request_size") String maxRequestSize,
            @JsonProperty("idle_timeout") String idleTimeout,
            @JsonProperty("body_timeout") String bodyTimeout,
            @JsonProperty("max_connections") Integer maxConnections,
            @JsonProperty("max_threads") Integer maxThreads) {}
}
