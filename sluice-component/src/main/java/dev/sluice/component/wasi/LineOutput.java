package dev.sluice.component.wasi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An output stream that hands complete lines to a sink. A line longer than {@link #MAX_LINE} bytes
 * is handed over in pieces, so a component that never writes a newline cannot make the host buffer
 * without bound.
 */
final class LineOutput implements Streams.Output {

    static final int MAX_LINE = 8 * 1024;

    private final Consumer<String> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineOutput(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public void write(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE) {
                    emit();
                }
            }
        }
    }

    @Override
    public void close() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        // Lenient: a plugin's malformed output becomes replacement characters, not a failure.
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        sink.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
