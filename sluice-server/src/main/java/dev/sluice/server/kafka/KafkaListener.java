package dev.sluice.server.kafka;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Kafka protocol port. Netty's event loops (two threads for all connections) read and write; a
 * request frame is bounded by {@code maxRequestBytes} before anything is allocated for it (the
 * length prefix is checked first); handlers run on a fixed worker pool, one request at a time per
 * connection (see {@link KafkaApi}). No thread per connection, and a slow or idle client holds only
 * its own connection's buffers.
 */
public final class KafkaListener implements AutoCloseable {

    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final ExecutorService workers;
    private final Channel server;
    private final BrokerNode broker;

    /**
     * How the listener binds and what it advertises.
     *
     * @param address the address to bind
     * @param port the port; 0 picks a free one (advertised as the one picked)
     * @param advertisedHost the host clients are told to connect to
     * @param maxRequestBytes the largest request frame accepted; a larger one closes the connection
     * @param idleTimeout a connection with no traffic and nothing pending this long is closed
     * @param workerThreads the threads running handlers (and with them the plugins)
     */
    public record Options(
            String address,
            int port,
            String advertisedHost,
            int maxRequestBytes,
            Duration idleTimeout,
            int workerThreads) {}

    private KafkaListener(KafkaApis apis, Options options, String clusterId)
            throws InterruptedException {
        var apiVersions = new ApiVersionsApi(apis);
        apis.register(apiVersions);
        apis.freeze();
        this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-kafka-accept", true));
        this.io = new NioEventLoopGroup(2, new DefaultThreadFactory("sluice-kafka-io", true));
        this.workers =
                Executors.newFixedThreadPool(
                        options.workerThreads(), new DefaultThreadFactory("sluice-kafka", true));
        var ids = new AtomicLong();
        var node = new AtomicReference<BrokerNode>();
        var bootstrap =
                new ServerBootstrap()
                        .group(boss, io)
                        .channel(NioServerSocketChannel.class)
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(
                                ChannelOption.WRITE_BUFFER_WATER_MARK,
                                new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ch.pipeline()
                                                .addLast(
                                                        new IdleStateHandler(
                                                                0,
                                                                0,
                                                                options.idleTimeout().toMillis(),
                                                                TimeUnit.MILLISECONDS))
                                                .addLast(
                                                        // fail fast: a huge length prefix is
                                                        // refused before a byte is buffered
                                                        new LengthFieldBasedFrameDecoder(
                                                                options.maxRequestBytes() + 4,
                                                                0,
                                                                4,
                                                                0,
                                                                4,
                                                                true))
                                                .addLast(
                                                        new KafkaConnection(
                                                                apis,
                                                                apiVersions,
                                                                node::get,
                                                                ids.incrementAndGet(),
                                                                workers));
                                    }
                                });
        try {
            this.server =
                    bootstrap
                            .bind(new InetSocketAddress(options.address(), options.port()))
                            .sync()
                            .channel();
        } catch (Exception e) { // Netty throws a BindException without declaring it
            shutdown();
            throw e;
        }
        int bound = ((InetSocketAddress) server.localAddress()).getPort();
        this.broker = new BrokerNode(0, options.advertisedHost(), bound, clusterId);
        node.set(broker);
    }

    /**
     * Binds the port and serves the APIs registered so far (and ApiVersions, which this adds);
     * registering more after this fails.
     *
     * @throws ListenException if the port cannot be bound
     */
    public static KafkaListener start(KafkaApis apis, Options options, String clusterId) {
        try {
            return new KafkaListener(apis, options, clusterId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ListenException("interrupted while binding the Kafka port", e);
        } catch (Exception e) { // a RuntimeException, or an undeclared BindException
            throw new ListenException(
                    "cannot listen for Kafka clients on "
                            + options.address()
                            + ":"
                            + options.port()
                            + " ("
                            + e.getMessage()
                            + ")",
                    e);
        }
    }

    /** The port bound. */
    public int port() {
        return broker.port();
    }

    /** This broker as clients are told to reach it. */
    public BrokerNode broker() {
        return broker;
    }

    /** Stops accepting, closes every connection, and waits a little for handlers running. */
    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        shutdown();
    }

    private void shutdown() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** The Kafka port could not be opened. */
    public static final class ListenException extends RuntimeException {
        ListenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
