package dev.sluice.internal.contract;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Where one instance's log lines go: the host log, on the logger {@code sluice.plugin.<name>}, each
 * line prefixed {@code 🔌 Plugin:}.
 *
 * <p>A plugin must not be able to flood or forge the host log. Each call may log at most {@link
 * #MAX_LINES_PER_CALL} lines of at most {@link PluginText#MAX_LINE_BYTES} bytes (longer ones are
 * cut, saying so), with control characters escaped; the lines over the limit are counted and
 * reported in one line when the call ends. What it writes to stdout and stderr becomes such lines
 * too, and may add up to at most {@link #MAX_OUTPUT_BYTES_PER_CALL} bytes per call: past that the
 * call fails, since the host would otherwise spend time without bound on output it drops.
 *
 * <p>The last warning or error of a call is kept, because it is the best reason a plugin gives for
 * rejecting a record: the reason is that line as logged, so it is cut and escaped the same way.
 *
 * <p>Not thread-safe: an instance, and so its log, is used by one thread at a time.
 */
public final class PluginLog {

    public static final int MAX_LINES_PER_CALL = 100;
    public static final long MAX_OUTPUT_BYTES_PER_CALL = 1024 * 1024;
    private static final String PREFIX = "🔌 Plugin: ";

    private final Logger logger;
    private int lines;
    private int dropped;
    private long outputBytes;
    private String lastWarning;
    private List<String> capture;

    /** Where each kept line also goes (the activity listener); null for a log of no plugin's. */
    private final PluginContext context;

    /** A log of no loaded plugin's (inspection, checks): lines go to the host log only. */
    public PluginLog(String pluginName) {
        this.logger = LoggerFactory.getLogger("sluice.plugin." + pluginName);
        this.context = null;
    }

    /** The log of a loaded plugin's instance: lines also reach its activity listener. */
    public PluginLog(PluginContext context) {
        this.logger = LoggerFactory.getLogger("sluice.plugin." + context.name());
        this.context = context;
    }

    /** Resets the per-call counters. */
    public void beginCall() {
        lines = 0;
        dropped = 0;
        outputBytes = 0;
        lastWarning = null;
    }

    /**
     * Also keeps the lines of the current call in {@code lines} ("WARN text", as logged), for a dry
     * run that shows them to its caller; {@link #endCall} stops keeping them.
     */
    public void capture(List<String> lines) {
        this.capture = lines;
    }

    /** Reports lines dropped during the call, if any. */
    public void endCall() {
        capture = null;
        if (dropped > 0) {
            logger.warn(
                    "{}({} more lines from this call were dropped: at most {} lines per call)",
                    PREFIX,
                    dropped,
                    MAX_LINES_PER_CALL);
            dropped = 0;
        }
    }

    /**
     * Logs a line of the plugin's. The caller has cut it where it entered the host ({@link
     * GuestMemory#readString(dev.sluice.component.engine.Memory, int, int, int, String)}, {@link
     * PluginText#cut}), so the guest's memory is never read further than what is kept; this escapes
     * it.
     */
    public void log(Level level, String message) {
        // Writing a line can be slow (a console, a busy disk): a call past its deadline stops
        // here rather than after the next line, or the next thousand.
        Deadline.check("log");
        boolean warning = level == Level.WARN || level == Level.ERROR;
        if (warning) {
            lastWarning = PluginText.escape(message);
        }
        if (lines >= MAX_LINES_PER_CALL) {
            dropped++;
            return;
        }
        lines++;
        String line = warning ? lastWarning : PluginText.escape(message);
        if (capture != null) {
            capture.add(level + " " + line);
        }
        if (context != null) {
            context.logged(level.name(), line);
        }
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        logger.atLevel(level).log(PREFIX + line);
    }

    /**
     * Counts bytes the plugin is about to write to stdout or stderr.
     *
     * @throws CallLimitExceeded once the call has written more than {@link
     *     #MAX_OUTPUT_BYTES_PER_CALL}
     */
    public void chargeOutput(String where, long bytes) {
        outputBytes += bytes;
        if (outputBytes > MAX_OUTPUT_BYTES_PER_CALL) {
            throw new CallLimitExceeded(
                    where
                            + ": wrote more than "
                            + MAX_OUTPUT_BYTES_PER_CALL
                            + " bytes to stdout and stderr in one call (the most a call may"
                            + " write; what goes beyond "
                            + MAX_LINES_PER_CALL
                            + " lines is dropped anyway)");
        }
    }

    /** The last warning or error logged during the current call, cut and escaped. */
    public Optional<String> lastWarning() {
        return Optional.ofNullable(lastWarning);
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
