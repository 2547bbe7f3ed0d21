package dev.sluice.internal.contract;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.event.Level;

/**
 * A plugin's stdout or stderr (through WASI): split into lines, each logged as the plugin's own.
 * Long lines are split at {@link PluginText#MAX_LINE_BYTES}; invalid UTF-8 is replaced, not
 * trusted.
 */
public final class PluginOutput extends OutputStream {

    private final PluginLog log;
    private final Level level;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public PluginOutput(PluginLog log, Level level) {
        this.log = log;
        this.level = level;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            emit();
            return;
        }
        line.write(b);
        if (line.size() >= PluginText.MAX_LINE_BYTES) {
            emit();
        }
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        // In runs up to the next newline or the end of a full line, not byte by byte: fd_write
        // hands over up to 64 KiB at a time.
        int end = off + len;
        int i = off;
        while (i < end) {
            int room = PluginText.MAX_LINE_BYTES - line.size();
            int stop = Math.min(end, i + room);
            int newline = i;
            while (newline < stop && b[newline] != '\n') {
                newline++;
            }
            line.write(b, i, newline - i);
            if (newline < stop) {
                emit(); // at the newline, which is not part of the line
                i = newline + 1;
            } else {
                if (line.size() >= PluginText.MAX_LINE_BYTES) {
                    emit();
                }
                i = newline;
            }
        }
    }

    @Override
    public void flush() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        log.log(level, text);
    }
}
