package dev.sluice.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transformation applied to records as a connector's task would apply them (the Connect runtime
 * itself is in {@link SluiceConnectIT}).
 */
class SluiceTransformationTest {

    @TempDir static Path cache;

    private final List<SluiceTransformation<?>> opened = new java.util.ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(SluiceTransformation::close);
    }

    private <R extends org.apache.kafka.connect.connector.ConnectRecord<R>>
            SluiceTransformation<R> transformation(String... pluginsAndSettings) {
        Map<String, String> props = new HashMap<>();
        props.put("plugins", Fixtures.example(pluginsAndSettings[0]).toString());
        for (int i = 1; i + 1 < pluginsAndSettings.length; i += 2) {
            props.put(pluginsAndSettings[i], pluginsAndSettings[i + 1]);
        }
        props.put("compile.cache.dir", cache.toString());
        SluiceTransformation<R> transformation = new SluiceTransformation<>();
        transformation.configure(props);
        opened.add(transformation);
        return transformation;
    }

    private static SourceRecord source(Schema valueSchema, Object value, Headers headers) {
        return new SourceRecord(
                Map.of(),
                Map.of(),
                "orders",
                null,
                Schema.STRING_SCHEMA,
                "k1",
                valueSchema,
                value,
                null,
                headers);
    }

    @Test
    void aTransformedStringKeepsItsFormTheConnectorsNullPartitionAndUntouchedHeaders() {
        SluiceTransformation<SourceRecord> mask = transformation("sluice/mask-digits-rust.wasm");
        SourceRecord out =
                mask.apply(
                        source(
                                Schema.STRING_SCHEMA,
                                "card 1234",
                                new ConnectHeaders().addInt("line", 7)));

        assertThat(out.value()).isEqualTo("card ####");
        assertThat(out.valueSchema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(out.key()).isEqualTo("k1");
        assertThat(out.kafkaPartition()).isNull();
        assertThat(out.timestamp()).isNull();
        Header line = out.headers().lastWithName("line");
        assertThat(line.schema()).isEqualTo(Schema.INT32_SCHEMA);
        assertThat(line.value()).isEqualTo(7);
        assertThat(out.headers().lastWithName("masked-digits").value()).isEqualTo("4");
    }

    @Test
    void bytesStayBytesAndAnAcceptedRecordIsPassedOnAsItIs() {
        SluiceTransformation<SinkRecord> mask = transformation("sluice/mask-digits-rust.wasm");
        SinkRecord digits =
                new SinkRecord("orders", 3, null, null, Schema.BYTES_SCHEMA, bytes("a1"), 10L);
        SinkRecord none =
                new SinkRecord("orders", 3, null, null, Schema.BYTES_SCHEMA, bytes("ab"), 11L);

        SinkRecord out = mask.apply(digits);
        assertThat(out.value()).isEqualTo(bytes("a#"));
        assertThat(out.kafkaPartition()).isEqualTo(3);
        assertThat(out.kafkaOffset()).isEqualTo(10L);
        assertThat(mask.apply(none)).isSameAs(none);
    }

    @Test
    void aRejectedRecordIsDroppedAndCountedOrFailsWithThePluginsReason() {
        SluiceTransformation<SourceRecord> drop = transformation("sluice/content-filter-rust.wasm");
        SourceRecord secret = source(Schema.STRING_SCHEMA, "my password", new ConnectHeaders());
        assertThat(drop.apply(secret)).isNull();
        assertThat(drop.chain().rejectedCount()).isEqualTo(1);

        SluiceTransformation<SourceRecord> fail =
                transformation("sluice/content-filter-rust.wasm", "on.reject", "fail");
        assertThatThrownBy(() -> fail.apply(secret))
                .isInstanceOf(DataException.class)
                .hasMessage(
                        "plugin content-filter-rust rejected a record of topic orders: rejected:"
                                + " value contains a password");
    }

    @Test
    void aDropIsNullAndASplitIsAnErrorThatPointsToStreams() {
        SluiceTransformation<SourceRecord> echo = transformation("sluice/echo-rust.wasm");
        assertThat(echo.apply(source(Schema.STRING_SCHEMA, "x", verdict("drop")))).isNull();
        assertThatThrownBy(() -> echo.apply(source(Schema.STRING_SCHEMA, "x", verdict("replace"))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("the chain (echo-rust) split a record of topic orders into 2")
                .hasMessageContaining("Kafka Streams processor");
    }

    @Test
    void rejectedAndDroppedRecordsAreCountedInTheWorkersMetrics() throws Exception {
        SluiceTransformation<SourceRecord> filter =
                transformation("sluice/content-filter-rust.wasm");
        try (Metrics metrics = new Metrics();
                PluginMetricsImpl plugin = new PluginMetricsImpl(metrics, Map.of("task", "0"))) {
            filter.withPluginMetrics(plugin);
            filter.apply(source(Schema.STRING_SCHEMA, "a password", new ConnectHeaders()));
            filter.apply(source(Schema.STRING_SCHEMA, "", new ConnectHeaders()));
            filter.apply(source(Schema.STRING_SCHEMA, "fine", new ConnectHeaders()));

            assertThat(metric(metrics, "records-rejected")).isEqualTo(2.0);
            assertThat(metric(metrics, "records-dropped")).isEqualTo(0.0);
        }
    }

    private static Object metric(Metrics metrics, String name) {
        return metrics.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name))
                .getValue()
                .metricValue();
    }

    @Test
    void aRoutedRecordGoesToThePluginsTopic() {
        SluiceTransformation<SourceRecord> router = transformation("sluice/json-router-rust.wasm");
        SourceRecord out =
                router.apply(source(null, "{\"type\": \"refund\"}", new ConnectHeaders()));
        assertThat(out.topic()).isEqualTo("payments");
        assertThat(out.value()).isEqualTo("{\"type\": \"refund\"}");
        assertThat(out.headers().lastWithName("routed-from").value()).isEqualTo("orders");
    }

    @Test
    void aTombstonePassesAndAStructIsRefusedNamingTheConverters() {
        SluiceTransformation<SourceRecord> mask = transformation("sluice/mask-digits-rust.wasm");
        SourceRecord tombstone = source(null, null, new ConnectHeaders());
        assertThat(mask.apply(tombstone)).isSameAs(tombstone);

        Schema schema = SchemaBuilder.struct().field("n", Schema.INT32_SCHEMA).build();
        assertThatThrownBy(() -> mask.apply(source(schema, new Struct(schema).put("n", 1), null)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("record's value as bytes or a string")
                .hasMessageContaining("schema STRUCT")
                .hasMessageContaining("ByteArrayConverter");
    }

    @Test
    void settingsErrorsNameTheKey() {
        SluiceTransformation<SourceRecord> t = new SluiceTransformation<>();
        assertThatThrownBy(() -> t.configure(Map.of("plugins", "nowhere/missing.wasm")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nowhere/missing.wasm")
                .hasMessageContaining("plugins")
                .hasMessageContaining("no such file");
        String mask = Fixtures.example("sluice/mask-digits-rust.wasm").toString();
        assertThatThrownBy(
                        () -> t.configure(Map.of("plugins", mask, "config.mask-digit.mask", "*")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.mask-digit.mask")
                .hasMessageContaining("the plugins are mask-digits-rust");
    }

    @Test
    void aPluginsConfigReachesIt() {
        SluiceTransformation<SourceRecord> mask =
                transformation("sluice/mask-digits-rust.wasm", "config.mask-digits-rust.mask", "*");
        assertThat(mask.apply(source(Schema.STRING_SCHEMA, "1", null)).value()).isEqualTo("*");
    }

    private static Headers verdict(String verdict) {
        return new ConnectHeaders().addString("verdict", verdict);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
