package dev.sluice.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what is logged under a logger name during a test. Close it to detach.
 *
 * <p>Use as a JUnit field with try-with-resources, or open in {@code @BeforeEach}.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level levelBefore;

    private LogCapture(String name, Level level) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        this.levelBefore = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures the logger and everything under it ("sluice.plugin" captures every plugin). */
    public static LogCapture of(String name) {
        return new LogCapture(name, null);
    }

    /**
     * As {@link #of(String)}, with the logger at {@code level} until closed: the tests' logback
     * configuration keeps the engine's own loggers at WARN.
     */
    public static LogCapture of(String name, Level level) {
        return new LogCapture(name, level);
    }

    /** Formatted messages, in order. */
    public List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Formatted messages logged at the given level by loggers whose name ends with suffix. */
    public List<String> messages(Level level, String loggerSuffix) {
        return events().stream()
                .filter(e -> e.getLevel() == level && e.getLoggerName().endsWith(loggerSuffix))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /**
     * What was logged so far. Read under the appender's lock, the one logback appends under ({@code
     * AppenderBase.doAppend} is synchronized): a plugin's thread may be logging meanwhile.
     */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(levelBefore);
    }
}
