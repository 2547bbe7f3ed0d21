package dev.sluice.server.kafka;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * ApiVersions: every key {@link KafkaApis} holds, with the versions its handler serves, so clients
 * negotiate only what is served. Registered by the listener itself.
 */
final class ApiVersionsApi implements KafkaApi {

    private final KafkaApis apis;

    ApiVersionsApi(KafkaApis apis) {
        this.apis = apis;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request) {
        var ignored = (ApiVersionsRequestData) request; // client software name/version: not used
        return CompletableFuture.completedFuture(response(Errors.NONE));
    }

    /**
     * The answer, with an error code; the listener sends it at version 0 with UNSUPPORTED_VERSION
     * to a client asking at a version newer than served, as the protocol asks, so that it retries
     * at one it finds in the list.
     */
    ApiVersionsResponseData response(Errors error) {
        var keys = new ApiVersionCollection();
        for (var api : apis.all()) {
            keys.add(
                    new ApiVersion()
                            .setApiKey(api.key().id)
                            .setMinVersion(api.minVersion())
                            .setMaxVersion(api.maxVersion()));
        }
        return new ApiVersionsResponseData()
                .setErrorCode(error.code())
                .setApiKeys(keys)
                .setThrottleTimeMs(0);
    }
}
