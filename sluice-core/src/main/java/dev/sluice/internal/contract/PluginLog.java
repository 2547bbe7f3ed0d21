package dev.sluice.internal.contract;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Where one instance's log lines go: the host log, on the logger {@code sluice.plugin.<name>}, each
 * line prefixed {@code 🔌 Plugin:}.
 *
 * <p>A plugin must not be able to flood the host log: each call may log at most {@link
 * #MAX_LINES_PER_CALL} lines of at most {@link #MAX_LINE_CHARS} characters; the rest are counted
 * and reported in one line when the call ends. The last warning or error of a call is kept, because
 * it is the best reason a plugin gives for rejecting a record.
 *
 * <p>Not thread-safe: an instance, and so its log, is used by one thread at a time.
 */
public final class PluginLog {

    public static final int MAX_LINES_PER_CALL = 100;
    public static final int MAX_LINE_CHARS = 4096;
    private static final String PREFIX = "🔌 Plugin: ";

    private final Logger logger;
    private int lines;
    private int dropped;
    private String lastWarning;

    public PluginLog(String pluginName) {
        this.logger = LoggerFactory.getLogger("sluice.plugin." + pluginName);
    }

    /** Resets the per-call counters. */
    public void beginCall() {
        lines = 0;
        dropped = 0;
        lastWarning = null;
    }

    /** Reports lines dropped during the call, if any. */
    public void endCall() {
        if (dropped > 0) {
            logger.warn(
                    "{}({} more lines from this call were dropped: at most {} lines per call)",
                    PREFIX,
                    dropped,
                    MAX_LINES_PER_CALL);
            dropped = 0;
        }
    }

    public void log(Level level, String message) {
        if (level == Level.WARN || level == Level.ERROR) {
            lastWarning = message;
        }
        if (lines >= MAX_LINES_PER_CALL) {
            dropped++;
            return;
        }
        lines++;
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        String text =
                message.length() > MAX_LINE_CHARS
                        ? message.substring(0, MAX_LINE_CHARS)
                                + "… ("
                                + message.length()
                                + " chars)"
                        : message;
        logger.atLevel(level).log(PREFIX + text);
    }

    /** The last warning or error logged during the current call, or null. */
    public String lastWarning() {
        return lastWarning;
    }

    /** Maps the level numbers both contracts use: 0 trace … 4 error. */
    public static Level level(int code) {
        return switch (code) {
            case 0 -> Level.TRACE;
            case 1 -> Level.DEBUG;
            case 2 -> Level.INFO;
            case 3 -> Level.WARN;
            case 4 -> Level.ERROR;
            default ->
                    throw new GuestFault(
                            "log level "
                                    + code
                                    + " is not one of 0 trace, 1 debug, 2 info, 3 warn, 4 error");
        };
    }
}
