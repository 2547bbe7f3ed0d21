package dev.sluice.server;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server has opened, closed in the reverse order: on a start that fails half-way as on a
 * normal close, so no start path can forget to close what came before it. Every close runs even
 * when an earlier one fails; those failures are logged, naming what could not be closed.
 */
final class OpenResources {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);

    /** A close that may throw anything, named for the log. */
    @FunctionalInterface
    interface Close {
        void close() throws Exception;
    }

    private record Opened(String what, Close closer) {}

    private final Deque<Opened> opened = new ArrayDeque<>();

    /** Keeps what was just opened: {@code close} runs before the closes of everything earlier. */
    void add(String what, Close close) {
        opened.push(new Opened(what, close));
    }

    /** Closes everything, the most recently opened first. */
    void closeAll() {
        while (!opened.isEmpty()) {
            var o = opened.pop();
            try {
                o.closer().close();
            } catch (Exception | LinkageError e) {
                LOG.warn("closing {} failed: {}", o.what(), e.toString());
            }
        }
    }
}
