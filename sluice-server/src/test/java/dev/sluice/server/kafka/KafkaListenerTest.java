package dev.sluice.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener and its dispatcher seam, over a raw socket: registered APIs only, responses in
 * request order whatever order handlers finish in, and bad frames closing only their own
 * connection.
 */
class KafkaListenerTest {

    private static final int MAX_REQUEST = 64 * 1024;

    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private KafkaListener listener;

    /** Answers after 300 ms, from another thread: an asynchronous handler, as a group join is. */
    private final class SlowHeartbeat implements KafkaApi {
        @Override
        public ApiKeys key() {
            return ApiKeys.HEARTBEAT;
        }

        @Override
        public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request) {
            var answer = new CompletableFuture<ApiMessage>();
            later.schedule(
                    () -> answer.complete(new HeartbeatResponseData()), 300, TimeUnit.MILLISECONDS);
            return answer;
        }
    }

    /** Answers at once. */
    private static final class QuickListGroups implements KafkaApi {
        @Override
        public ApiKeys key() {
            return ApiKeys.LIST_GROUPS;
        }

        @Override
        public short maxVersion() {
            return 4;
        }

        @Override
        public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request) {
            return CompletableFuture.completedFuture(new ListGroupsResponseData());
        }
    }

    @BeforeEach
    void start() {
        var apis = new KafkaApis().register(new SlowHeartbeat()).register(new QuickListGroups());
        listener =
                KafkaListener.start(
                        apis,
                        new KafkaListener.Options(
                                "127.0.0.1", 0, "127.0.0.1", MAX_REQUEST, Duration.ofMinutes(1), 4),
                        "test-cluster");
    }

    @AfterEach
    void stop() {
        listener.close();
        later.shutdownNow();
    }

    @Test
    void apiVersionsAdvertisesExactlyTheRegisteredKeysWithTheirVersions() throws Exception {
        try (var client = new RawKafkaClient(listener.port())) {
            var response =
                    (ApiVersionsResponseData)
                            client.call(
                                    ApiKeys.API_VERSIONS,
                                    (short) 3,
                                    new ApiVersionsRequestData()
                                            .setClientSoftwareName("raw")
                                            .setClientSoftwareVersion("1"));
            assertThat(response.errorCode()).isZero();
            assertThat(response.apiKeys())
                    .extracting(k -> ApiKeys.forId(k.apiKey()))
                    .containsExactlyInAnyOrder(
                            ApiKeys.API_VERSIONS, ApiKeys.HEARTBEAT, ApiKeys.LIST_GROUPS);
            assertThat(response.apiKeys().find(ApiKeys.LIST_GROUPS.id).maxVersion())
                    .isEqualTo((short) 4);
        }
    }

    @Test
    void aNewerApiVersionsThanServedIsAnsweredAtVersionZeroWithTheVersionsServed()
            throws Exception {
        try (var client = new RawKafkaClient(listener.port())) {
            // ApiVersions v127, header v1 (what a client newer than the broker sends first)
            var frame = new ByteArrayOutputStream();
            var out = new DataOutputStream(frame);
            byte[] clientId = "future".getBytes(StandardCharsets.UTF_8);
            out.writeInt(2 + 2 + 4 + 2 + clientId.length + 1);
            out.writeShort(ApiKeys.API_VERSIONS.id);
            out.writeShort(127);
            out.writeInt(42);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.writeByte(0);
            client.sendRaw(frame.toByteArray());
            var response =
                    (ApiVersionsResponseData) client.receive(ApiKeys.API_VERSIONS, (short) 0, 42);
            assertThat(response.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(response.apiKeys()).hasSize(3);
        }
    }

    @Test
    void responsesGoOutInRequestOrderWhenAnEarlierHandlerFinishesLast() throws Exception {
        try (var client = new RawKafkaClient(listener.port())) {
            int slow = client.send(ApiKeys.HEARTBEAT, (short) 4, new HeartbeatRequestData());
            int quick = client.send(ApiKeys.LIST_GROUPS, (short) 4, new ListGroupsRequestData());
            // receive() fails if the correlation ids arrive in the other order
            assertThat(client.receive(ApiKeys.HEARTBEAT, (short) 4, slow))
                    .isInstanceOf(HeartbeatResponseData.class);
            assertThat(client.receive(ApiKeys.LIST_GROUPS, (short) 4, quick))
                    .isInstanceOf(ListGroupsResponseData.class);
        }
    }

    @Test
    void aHugeLengthPrefixClosesThatConnectionBeforeAnythingIsBufferedAndOthersAreServed()
            throws Exception {
        try (var bad = new RawKafkaClient(listener.port());
                var good = new RawKafkaClient(listener.port())) {
            bad.sendRaw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            assertThat(bad.closedByBroker()).isTrue();
            assertThat(good.call(ApiKeys.LIST_GROUPS, (short) 4, new ListGroupsRequestData()))
                    .isInstanceOf(ListGroupsResponseData.class);
        }
    }

    @Test
    void anApiThatIsNotRegisteredOrAVersionNotServedClosesTheConnection() throws Exception {
        try (var client = new RawKafkaClient(listener.port())) {
            client.send(ApiKeys.FETCH, (short) 12, ApiKeys.FETCH.messageType.newRequest());
            assertThat(client.closedByBroker()).isTrue();
        }
        try (var client = new RawKafkaClient(listener.port())) {
            client.send(ApiKeys.LIST_GROUPS, (short) 5, new ListGroupsRequestData());
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void aFrameWhoseHeaderCannotBeReadClosesTheConnectionAndTheBrokerServesOn() throws Exception {
        try (var client = new RawKafkaClient(listener.port())) {
            client.sendRaw(new byte[] {0, 0, 0, 3, 0x7f, 0x7f, 0x7f});
            assertThat(client.closedByBroker()).isTrue();
        }
        try (var client = new RawKafkaClient(listener.port())) {
            // a known key, then a body cut short
            client.sendRaw(new byte[] {0, 0, 0, 8, 0, 12, 0, 4, 0, 0, 0, 1});
            assertThat(client.closedByBroker()).isTrue();
        }
        try (var client = new RawKafkaClient(listener.port())) {
            assertThat(client.call(ApiKeys.LIST_GROUPS, (short) 4, new ListGroupsRequestData()))
                    .isInstanceOf(ListGroupsResponseData.class);
        }
    }

    @Test
    void registeringASecondHandlerForAKeyFailsNamingBoth() {
        var apis = new KafkaApis().register(new QuickListGroups());
        assertThatThrownBy(() -> apis.register(new QuickListGroups()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LIST_GROUPS")
                .hasMessageContaining("QuickListGroups");
    }
}
