package dev.sluice.graalwasm;

import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * One polyglot context: what isolates an instance (or, for a component, the core instances that
 * share memories and tables) from every other. Cancelling it stops the call running in it and kills
 * its instances.
 */
final class GraalWasmContext implements AutoCloseable {

    final Context context;

    /** GraalWasm's embedder API (mem_grow…), read once. */
    private Value webAssembly;

    private final AtomicBoolean cancelled = new AtomicBoolean();

    GraalWasmContext(Context context) {
        this.context = context;
    }

    Value webAssembly() {
        if (webAssembly == null) {
            context.initialize("wasm");
            webAssembly = context.getPolyglotBindings().getMember("WebAssembly");
        }
        return webAssembly;
    }

    /**
     * Stops the call running in this context, once. {@code close(true)} waits until the calling
     * thread has left, so it runs on a thread of its own rather than the watching one (a platform
     * thread: Truffle warns about contexts touched from virtual ones).
     */
    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
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

    @Override
    public void close() {
        context.close();
    }
}
