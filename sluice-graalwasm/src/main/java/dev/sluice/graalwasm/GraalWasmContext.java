package dev.sluice.graalwasm;

import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * One polyglot context: what isolates an instance (or, for a component, the core instances that
 * share memories and tables) from every other. Cancelling it stops the call running in it and kills
 * its instances.
 */
final class GraalWasmContext implements AutoCloseable {

    final Context context;

    /** GraalWasm's embedder API (mem_grow…), read once. */
    private final Value webAssembly;

    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** How many times a memory of this context grew: memory views are taken again after one. */
    private volatile int growGeneration;

    GraalWasmContext(Context context) {
        this.context = context;
        context.initialize("wasm");
        webAssembly = context.getPolyglotBindings().getMember("WebAssembly");
        // Before any instance exists, so no grow goes uncounted (guest memory.grow included).
        ProxyExecutable grown =
                args -> {
                    growGeneration++;
                    return null;
                };
        webAssembly.getMember("mem_set_grow_callback").execute(grown);
    }

    Value webAssembly() {
        return webAssembly;
    }

    int growGeneration() {
        return growGeneration;
    }

    /**
     * Stops the call running in this context, once. {@code close(true)} waits until the calling
     * thread has left, so it runs on a thread of its own rather than the watching one (a platform
     * thread: Truffle warns about contexts touched from virtual ones).
     */
    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            // Flagged first: a memory view checks the flag before touching the memory.
            Thread.ofPlatform()
                    .daemon()
                    .name("sluice-graalwasm-cancel")
                    .start(
                            () -> {
                                try {
                                    context.close(true);
                                } catch (RuntimeException e) {
                                    // already closed, or closing: nothing left to stop
                                }
                            });
        }
    }

    boolean cancelled() {
        return cancelled.get();
    }

    /**
     * Frees the context (its memories are native with unsafe memory access). Flagged first, as a
     * cancel is, so that no memory view touches freed memory; after a cancel, the cancelling thread
     * closes it.
     */
    @Override
    public void close() {
        if (cancelled.compareAndSet(false, true)) {
            try {
                context.close();
            } catch (RuntimeException e) {
                // closed already by the engine's own shutdown: nothing left to free
            }
        }
    }
}
