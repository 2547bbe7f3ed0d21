package dev.sluice.server;

import dev.sluice.server.config.HttpSettings;
import dev.sluice.server.config.Settings;
import io.javalin.config.JettyConfig;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * What a client may hold of Jetty ({@code http:} settings): a connection that sends nothing for
 * {@code idle_timeout} is closed (a body that takes longer than {@code body_timeout} is cut off
 * with 408 by the HTTP API); at most {@code max_connections} are open (more wait to be accepted);
 * requests run on at most {@code max_threads} threads, with a queue bounded by the connections.
 * Bodies are read without a thread (see the HTTP API), so slow clients hold connections, which
 * these limits reclaim, and never the threads other requests need.
 */
final class JettyLimits {

    /** Threads kept even when idle, so a burst does not wait for threads to start. */
    private static final int MIN_THREADS = 8;

    private JettyLimits() {}

    static void apply(JettyConfig jetty, Settings settings) {
        HttpSettings limits = settings.http();
        var pool =
                new QueuedThreadPool(
                        limits.maxThreads(),
                        MIN_THREADS,
                        60_000,
                        new BlockingArrayQueue<>(
                                64, 64, limits.maxConnections() + limits.maxThreads()));
        pool.setName("sluice-http");
        jetty.threadPool = pool;
        jetty.modifyHttpConfiguration(
                http -> {
                    http.setIdleTimeout(limits.idleTimeout().toMillis());
                    http.setSendServerVersion(false);
                });
        jetty.addConnector(
                (server, http) -> {
                    var connector = new ServerConnector(server, new HttpConnectionFactory(http));
                    connector.setHost(settings.restAddress());
                    connector.setPort(settings.restPort());
                    connector.setIdleTimeout(limits.idleTimeout().toMillis());
                    return connector;
                });
        jetty.modifyServer(
                server -> server.addBean(new ConnectionLimit(limits.maxConnections(), server)));
    }
}
