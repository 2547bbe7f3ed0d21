package dev.sluice.server.kafka;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * One Kafka API key the broker serves: what {@link KafkaApis} holds and the listener dispatches to.
 * The broker's own APIs (produce, fetch, metadata…) and those of other packages (consumer groups)
 * are registered the same way, and ApiVersions advertises exactly the registered keys.
 *
 * <p>The listener's guarantees to an implementation:
 *
 * <ol>
 *   <li>{@link #handle} is called with a request already decoded by kafka-clients' message class
 *       for {@link #key()}, at a version from {@link #minVersion()} to {@link #maxVersion()} (a
 *       request at another version never reaches it: the connection is closed, as Kafka does).
 *   <li>Calls for one connection are made one at a time, in the order the requests arrived, on a
 *       worker thread (never the network thread); calls for different connections run in parallel.
 *       A handler may do short blocking work (the produce path runs the plugins there) but must not
 *       wait on other clients: it returns a future that completes later instead (a JoinGroup
 *       waiting for the other members, a Fetch waiting for records).
 *   <li>Responses are written in request order per connection, whatever order their futures
 *       complete in. The response is encoded at the request's version.
 *   <li>A future completed with {@code null} sends no response (only a Produce with acks=0 may do
 *       that, as the protocol says). A future failed with an exception answers with that API's
 *       error response for the exception ({@code Errors.forException}; UNKNOWN_SERVER_ERROR for
 *       anything not a Kafka exception), and the failure is logged.
 * </ol>
 */
public interface KafkaApi {

    /** The API key served. */
    ApiKeys key();

    /** The oldest version served; the message class's oldest unless overridden. */
    default short minVersion() {
        return key().oldestVersion();
    }

    /**
     * The newest version served. The message class's newest unless overridden: override it when a
     * newer version needs something this handler does not do (topic IDs, say), so that clients
     * negotiate down to one it does.
     */
    default short maxVersion() {
        return key().latestVersion();
    }

    /**
     * Handles one request.
     *
     * @param context who asked, on which connection, and the request's header (version, correlation
     *     id, client id)
     * @param request the decoded request: the {@code *RequestData} class of {@link #key()}
     * @return the {@code *ResponseData} to send (completed now or later), or {@code null} in the
     *     future for no response
     */
    CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request);
}
