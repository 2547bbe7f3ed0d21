package dev.sluice.component.wasi;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.Linker;
import dev.sluice.component.ResultValue;
import dev.sluice.component.VariantValue;
import dev.sluice.component.engine.WasmInterrupted;
import dev.sluice.component.types.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * {@code wasi:io}: errors, pollables and streams. Output streams end in a sink; input streams are
 * always at their end (a plugin has no input but what its contract passes it).
 */
final class Streams {

    static final String ERROR = "wasi:io/error@0.2.0";
    static final String POLL = "wasi:io/poll@0.2.0";
    static final String STREAMS = "wasi:io/streams@0.2.0";

    /** What {@code check-write} allows per write: bounds the memory one call can make us hold. */
    static final long WRITE_BUDGET = 64 * 1024;

    /** An error resource, described by its message. */
    record IoError(String message) {}

    /** A pollable that is ready from {@code readyAt} (monotonic nanoseconds) on. */
    record Pollable(long readyAt) {}

    /** Where an output stream's bytes go. */
    interface Output {
        void write(byte[] bytes);

        /** The component dropped its handle: hand over whatever is still buffered. */
        void close();
    }

    /** An input stream with nothing in it. */
    static final class EmptyInput {}

    private final LongSupplier clock;
    private final long origin;
    private final LongConsumer outputBudget;

    Streams(LongSupplier monotonicNanos, LongConsumer outputBudget) {
        this.clock = monotonicNanos;
        this.outputBudget = outputBudget;
        this.origin = monotonicNanos.getAsLong() - 1;
    }

    /** Monotonic nanoseconds, positive, as {@code wasi:clocks} reports them. */
    long now() {
        return clock.getAsLong() - origin;
    }

    Pollable ready() {
        return new Pollable(0);
    }

    static ResultValue closed() {
        return ResultValue.err(new VariantValue("closed", null));
    }

    static ResultValue failed(String message) {
        return ResultValue.err(new VariantValue("last-operation-failed", new IoError(message)));
    }

    void define(Linker linker) {
        linker.resource(ERROR, "error", new ResourceType("error"), null);
        linker.function(ERROR, "[method]error.to-debug-string", a -> ((IoError) a[0]).message());

        linker.resource(POLL, "pollable", new ResourceType("pollable"), null);
        linker.function(POLL, "[method]pollable.ready", a -> isReady((Pollable) a[0]));
        linker.function(
                POLL,
                "[method]pollable.block",
                a -> {
                    block(((Pollable) a[0]).readyAt());
                    return null;
                });
        linker.function(POLL, "poll", a -> poll((List<?>) a[0]));

        linker.resource(STREAMS, "input-stream", new ResourceType("input-stream"), null);
        for (String read : List.of("read", "blocking-read", "skip", "blocking-skip")) {
            linker.function(STREAMS, "[method]input-stream." + read, a -> closed());
        }
        linker.function(STREAMS, "[method]input-stream.subscribe", a -> ready());

        linker.resource(
                STREAMS,
                "output-stream",
                new ResourceType("output-stream"),
                rep -> ((Output) rep).close());
        linker.function(
                STREAMS, "[method]output-stream.check-write", a -> ResultValue.ok(WRITE_BUDGET));
        linker.function(STREAMS, "[method]output-stream.write", a -> write(a[0], (byte[]) a[1]));
        linker.function(
                STREAMS,
                "[method]output-stream.blocking-write-and-flush",
                a -> write(a[0], (byte[]) a[1]));
        linker.function(STREAMS, "[method]output-stream.flush", a -> flush(a[0]));
        linker.function(STREAMS, "[method]output-stream.blocking-flush", a -> flush(a[0]));
        linker.function(STREAMS, "[method]output-stream.subscribe", a -> ready());
        linker.function(
                STREAMS, "[method]output-stream.write-zeroes", a -> write(a[0], zeroes(a[1])));
        linker.function(
                STREAMS,
                "[method]output-stream.blocking-write-zeroes-and-flush",
                a -> write(a[0], zeroes(a[1])));
        // The only input streams there are are empty: splicing from one moves nothing.
        linker.function(STREAMS, "[method]output-stream.splice", a -> closed());
        linker.function(STREAMS, "[method]output-stream.blocking-splice", a -> closed());
    }

    private static byte[] zeroes(Object length) {
        long n = (Long) length;
        if (n < 0 || n > WRITE_BUDGET) {
            throw new ComponentTrap(
                    "write-zeroes of "
                            + Long.toUnsignedString(n)
                            + " bytes exceeds check-write's "
                            + WRITE_BUDGET);
        }
        return new byte[(int) n];
    }

    private ResultValue write(Object stream, byte[] bytes) {
        if (bytes.length > WRITE_BUDGET) {
            // check-write never allows this much: the component broke the stream's protocol.
            throw new ComponentTrap(
                    "wrote "
                            + bytes.length
                            + " bytes to an output stream; check-write allows "
                            + WRITE_BUDGET);
        }
        checkDeadline("an output-stream write");
        outputBudget.accept(bytes.length);
        // Flushing hands bytes to the sink at once; a line sink still waits for the newline.
        ((Output) stream).write(bytes);
        return ResultValue.ok(null);
    }

    private static ResultValue flush(Object stream) {
        return ResultValue.ok(null);
    }

    private boolean isReady(Pollable p) {
        return now() >= p.readyAt();
    }

    /** Indices of the pollables that are ready, waiting until one is. */
    private List<Long> poll(List<?> pollables) {
        if (pollables.isEmpty()) {
            throw new ComponentTrap("poll was given no pollables");
        }
        long earliest = Long.MAX_VALUE;
        for (Object p : pollables) {
            earliest = Math.min(earliest, ((Pollable) p).readyAt());
        }
        block(earliest);
        var ready = new ArrayList<Long>();
        for (int i = 0; i < pollables.size(); i++) {
            if (isReady((Pollable) pollables.get(i))) {
                ready.add((long) i);
            }
        }
        return ready;
    }

    /**
     * Waits until {@code readyAt}. The host stops a call that runs too long by interrupting its
     * thread, so an interrupt ends the wait the way it ends running code.
     */
    private void block(long readyAt) {
        while (true) {
            long remaining = readyAt - now();
            if (remaining <= 0) {
                return;
            }
            LockSupport.parkNanos(remaining);
            checkDeadline("a wait on a pollable");
        }
    }

    /**
     * Stops the call once its thread is interrupted: the host interrupts a call past its deadline,
     * and the seam's exception for that is what the host recognises as the timeout.
     */
    static void checkDeadline(String where) {
        if (Thread.currentThread().isInterrupted()) {
            throw new WasmInterrupted("interrupted in " + where);
        }
    }
}
