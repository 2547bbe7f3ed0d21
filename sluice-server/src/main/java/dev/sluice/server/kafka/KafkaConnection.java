package dev.sluice.server.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: takes whole request frames (the frame decoder before it has bounded their
 * size), hands each to its API's handler through this connection's {@link SerialExecutor}, and
 * writes the responses in request order as their futures complete.
 *
 * <p>Everything touching {@link #slots} runs on the connection's event loop. Reading pauses while
 * {@value #MAX_IN_FLIGHT} requests are unanswered or the socket's write buffer is full, so a client
 * that sends fast and reads slowly holds a bounded amount of the broker's memory and never blocks
 * the others.
 */
final class KafkaConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnection.class);

    /** Requests read but not yet answered before reading pauses (Kafka clients send at most 5). */
    static final int MAX_IN_FLIGHT = 16;

    private final KafkaApis apis;
    private final ApiVersionsApi apiVersions;
    private final Supplier<BrokerNode> broker;
    private final long id;
    private final Executor serial;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private ChannelHandlerContext ctx;

    KafkaConnection(
            KafkaApis apis,
            ApiVersionsApi apiVersions,
            Supplier<BrokerNode> broker,
            long id,
            Executor workers) {
        this.apis = apis;
        this.apiVersions = apiVersions;
        this.broker = broker;
        this.id = id;
        this.serial = new SerialExecutor(workers);
    }

    /** A request's place in the response order; filled on the event loop. */
    private static final class Slot {
        boolean done;
        ByteBuffer response;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        var frame = (ByteBuf) msg;
        ByteBuffer request;
        try {
            // A heap copy: the decoded request (record batches included) may outlive the frame.
            request = ByteBuffer.allocate(frame.readableBytes());
            frame.readBytes(request);
            request.flip();
        } finally {
            frame.release();
        }
        var slot = new Slot();
        slots.add(slot);
        updateReading();
        serial.execute(() -> handle(slot, request));
    }

    /** On a worker thread: decodes the request, calls its handler, and queues its response. */
    private void handle(Slot slot, ByteBuffer buffer) {
        if (!ctx.channel().isActive()) {
            return; // closed: what it still had queued is not served, as Kafka drops it
        }
        RequestHeader header;
        try {
            header = RequestHeader.parse(buffer);
        } catch (RuntimeException e) {
            close("sent a request whose header cannot be read (" + e.getMessage() + ")");
            return;
        }
        var key = header.apiKey();
        short version = header.apiVersion();
        var api = apis.find(key).orElse(null);
        if (api == null) {
            close("sent " + key + " (API key " + key.id + "), which Sluice does not serve");
            return;
        }
        if (version < api.minVersion() || version > api.maxVersion()) {
            if (key == ApiKeys.API_VERSIONS) {
                // The protocol's one exception: answer at version 0 with the versions served.
                respond(
                        slot,
                        RequestCodec.encode(
                                header,
                                apiVersions.response(Errors.UNSUPPORTED_VERSION),
                                (short) 0));
                return;
            }
            close(
                    "sent "
                            + key
                            + " version "
                            + version
                            + "; Sluice serves versions "
                            + api.minVersion()
                            + " to "
                            + api.maxVersion()
                            + " (the client should have asked ApiVersions first)");
            return;
        }
        AbstractRequest request;
        try {
            request =
                    AbstractRequest.parseRequest(key, version, new ByteBufferAccessor(buffer))
                            .request;
        } catch (RuntimeException e) {
            close("sent a " + key + " v" + version + " request that cannot be decoded (" + e + ")");
            return;
        }
        var context = new RequestContext(header, ctx.channel().remoteAddress(), id, broker.get());
        CompletableFuture<ApiMessage> answer;
        try {
            answer = api.handle(context, request.data());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete(
                (body, failure) -> {
                    try {
                        if (failure != null) {
                            respond(slot, errorResponse(header, request, failure));
                        } else {
                            respond(
                                    slot,
                                    body == null
                                            ? null
                                            : RequestCodec.encode(header, body, version));
                        }
                    } catch (RuntimeException e) {
                        LOG.error(
                                "kafka: cannot encode the {} v{} response for {}",
                                key,
                                version,
                                ctx.channel().remoteAddress(),
                                e);
                        close("got a response that could not be encoded");
                    }
                });
    }

    private ByteBuffer errorResponse(RequestHeader header, AbstractRequest request, Throwable e) {
        var cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (!(cause instanceof ApiException)) {
            LOG.error(
                    "kafka: the {} handler failed for {} ({}); answering UNKNOWN_SERVER_ERROR",
                    header.apiKey(),
                    ctx.channel().remoteAddress(),
                    cause.toString(),
                    cause);
        }
        var body = request.getErrorResponse(0, cause).data();
        return RequestCodec.encode(header, body, header.apiVersion());
    }

    /** From any thread: the slot's response is ready (null: none is sent). */
    private void respond(Slot slot, ByteBuffer response) {
        ctx.executor()
                .execute(
                        () -> {
                            slot.done = true;
                            slot.response = response;
                            flushReady();
                        });
    }

    private void flushReady() {
        boolean wrote = false;
        while (!slots.isEmpty() && slots.peek().done) {
            var slot = slots.poll();
            if (slot.response != null && ctx.channel().isActive()) {
                ctx.write(Unpooled.wrappedBuffer(slot.response), ctx.voidPromise());
                wrote = true;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        updateReading();
    }

    private void updateReading() {
        var channel = ctx.channel();
        boolean read = slots.size() < MAX_IN_FLIGHT && channel.isWritable();
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        // Idle means nothing read or written for kafka.idle_timeout and nothing pending: a
        // long-polling fetch or a group join still waiting keeps the connection.
        if (event instanceof IdleStateEvent && slots.isEmpty()) {
            LOG.debug("kafka: closing idle connection from {}", ctx.channel().remoteAddress());
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            close(
                    "sent a request larger than kafka.max_request_bytes ("
                            + cause.getMessage()
                            + ")");
        } else if (cause instanceof IOException) {
            LOG.debug("kafka: connection from {} failed", ctx.channel().remoteAddress(), cause);
            ctx.close();
        } else {
            close("broke the connection (" + cause + ")");
        }
    }

    /** Closes the connection, as Kafka does for a request it cannot serve, saying why. */
    private void close(String why) {
        LOG.warn("kafka: client {} {}; closing its connection", ctx.channel().remoteAddress(), why);
        ctx.channel().close();
    }
}
