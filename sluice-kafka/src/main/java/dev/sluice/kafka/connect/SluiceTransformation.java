package dev.sluice.kafka.connect;

import dev.sluice.kafka.ChainConfig;
import dev.sluice.kafka.SluiceChain;
import dev.sluice.kafka.connect.internal.ConnectHeaderMapping;
import dev.sluice.kafka.connect.internal.Payload;
import dev.sluice.record.Bytes;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Runs a Sluice chain on each record of a Connect pipeline (source or sink).
 *
 * <ol>
 *   <li>Accepted: the record goes on unchanged.
 *   <li>Replaced by one record (rewritten, routed to another topic): that record goes on, with the
 *       key, value and header forms of the input ({@link Payload}).
 *   <li>Replaced by none (dropped quietly): {@code null}, which Connect's contract reads as "drop".
 *   <li>Split into several: a Transformation returns one record, so this is a {@link DataException}
 *       naming the chain; the Streams processor handles splits.
 *   <li>Rejected: with {@code on.reject=drop} (the default) {@code null}, counted and logged; with
 *       {@code on.reject=fail} a {@link DataException} naming the plugin and its reason, which
 *       Connect's {@code errors.tolerance} and dead-letter queue then handle.
 *   <li>Unavailable (a plugin overloaded, or failed and failing closed): a {@link
 *       RetriableException}, which Connect retries within {@code errors.retry.timeout}.
 * </ol>
 *
 * A tombstone (null value) goes on unchanged: it deletes a key and has no content to look at. Each
 * instance (one per task) has an engine of its own, started in {@link #configure} and stopped in
 * {@link #close}; {@code compile.cache.dir} saves each later task the compile.
 */
public final class SluiceTransformation<R extends ConnectRecord<R>>
        implements Transformation<R>, Monitorable {

    public static final String ON_REJECT = "on.reject";

    public static final ConfigDef CONFIG_DEF =
            new ConfigDef(ChainConfig.CONFIG_DEF)
                    .define(
                            ON_REJECT,
                            Type.STRING,
                            "drop",
                            ConfigDef.ValidString.in("drop", "fail"),
                            Importance.MEDIUM,
                            "What a record a plugin rejects becomes: drop (filtered out, counted"
                                    + " in records-rejected and logged) or fail (a DataException"
                                    + " naming the plugin, for errors.tolerance and the"
                                    + " dead-letter queue).");

    private volatile SluiceChain chain;
    private boolean failOnReject;
    private final LongAdder dropped = new LongAdder();

    @Override
    public void configure(Map<String, ?> props) {
        ChainConfig config = new ChainConfig(CONFIG_DEF, props);
        failOnReject = config.getString(ON_REJECT).toLowerCase(Locale.ROOT).equals("fail");
        chain = SluiceChain.start(config);
    }

    @Override
    public R apply(R record) {
        if (record.value() == null) {
            return record;
        }
        Payload keyForm = keyForm(record);
        Payload valueForm = Payload.of("value", record.valueSchema(), record.value());
        int partition = record.kafkaPartition() == null ? 0 : record.kafkaPartition();
        long timestamp =
                record.timestamp() == null ? System.currentTimeMillis() : record.timestamp();
        Record input =
                Record.builder(record.topic())
                        .partition(partition)
                        .key(record.key() == null ? null : keyForm.toBytes(record.key()))
                        .value(valueForm.toBytes(record.value()))
                        .headers(ConnectHeaderMapping.toSluice(record.headers()))
                        .timestamp(timestamp)
                        .build();
        Decision decision = chain.process(input);
        if (decision instanceof Decision.Accept) {
            return record;
        }
        if (decision instanceof Decision.Replace replace) {
            return replaced(record, input, replace.records(), keyForm, valueForm);
        }
        if (decision instanceof Decision.Reject reject) {
            chain.noteRejected(record.topic(), reject);
            if (failOnReject) {
                throw new DataException(
                        "plugin "
                                + reject.plugin()
                                + " rejected a record of topic "
                                + record.topic()
                                + ": "
                                + reject.reason());
            }
            return null;
        }
        if (decision instanceof Decision.Unavailable unavailable) {
            throw new RetriableException(
                    "plugin "
                            + unavailable.plugin()
                            + ": "
                            + unavailable.error()
                            + ": "
                            + unavailable.reason());
        }
        throw new IllegalStateException(
                "a decision this transformation does not know: " + decision);
    }

    /** A null key is given no form by its data: the schema says, or bytes. */
    private static Payload keyForm(ConnectRecord<?> record) {
        if (record.key() == null && record.keySchema() == null) {
            return Payload.BYTES;
        }
        return Payload.of("key", record.keySchema(), record.key());
    }

    private R replaced(
            R record, Record input, List<Record> outputs, Payload keyForm, Payload valueForm) {
        if (outputs.isEmpty()) {
            dropped.increment();
            return null;
        }
        String origin = "the chain (" + String.join(" -> ", chain.plugins()) + ")";
        if (outputs.size() > 1) {
            throw new DataException(
                    origin
                            + " split a record of topic "
                            + record.topic()
                            + " into "
                            + outputs.size()
                            + ", and a Connect transformation passes on one record: run this chain"
                            + " in the Kafka Streams processor (SluiceProcessorSupplier) instead");
        }
        Record out = outputs.get(0);
        // What the chain left as it was keeps Connect's own value (a null partition or timestamp
        // stays null, for the producer to choose).
        // (valueOf: a ternary of Integer and int would unbox the null.)
        Integer partition =
                out.partition() == input.partition()
                        ? record.kafkaPartition()
                        : Integer.valueOf(out.partition());
        Long timestamp =
                out.timestamp() == input.timestamp()
                        ? record.timestamp()
                        : Long.valueOf(out.timestamp());
        Bytes key = out.key();
        Schema keySchema = record.keySchema();
        return record.newRecord(
                out.topic(),
                partition,
                keySchema,
                key == null ? null : keyForm.fromBytes(key, "key", origin),
                record.valueSchema(),
                valueForm.fromBytes(out.value(), "value", origin),
                timestamp,
                ConnectHeaderMapping.fromSluice(out.headers(), record.headers()));
    }

    /**
     * {@code records-rejected} and {@code records-dropped}, in the worker's metrics (Connect 4.1+).
     */
    @Override
    public void withPluginMetrics(PluginMetrics metrics) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        metrics.addMetric(
                metrics.metricName("records-rejected", "Records a Sluice plugin rejected", tags),
                (Measurable) (config, now) -> chain == null ? 0 : chain.rejectedCount());
        metrics.addMetric(
                metrics.metricName(
                        "records-dropped", "Records a Sluice plugin dropped quietly", tags),
                (Measurable) (config, now) -> dropped.sum());
    }

    /** The chain this instance runs (null before {@link #configure}). */
    public SluiceChain chain() {
        return chain;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {
        SluiceChain running = chain;
        if (running != null) {
            running.close();
        }
    }
}
