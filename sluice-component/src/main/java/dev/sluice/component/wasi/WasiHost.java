package dev.sluice.component.wasi;

import dev.sluice.component.Linker;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * A WASI 0.2 host for sandboxed components: what a plugin's toolchain links in, with nothing that
 * reaches outside the process.
 *
 * <ul>
 *   <li>{@code wasi:cli}: no arguments, no environment, no working directory; stdin is empty;
 *       stdout and stderr go, line by line, to the sinks given; {@code exit} throws {@link
 *       WasiExit}; no terminals.
 *   <li>{@code wasi:io}: errors, pollables, streams. A write moves at most {@code check-write}'s 64
 *       KiB, is charged to the {@linkplain Builder#outputBudget output budget} first, and like
 *       every wait stops the call once its thread is interrupted (how the host ends a call past its
 *       deadline).
 *   <li>{@code wasi:clocks}: wall and monotonic clocks.
 *   <li>{@code wasi:random}: secure, insecure and the insecure seed.
 *   <li>{@code wasi:filesystem}, {@code wasi:sockets}, {@code wasi:http}: present, so components
 *       that import them load, but every call is denied (no preopened directories; operations
 *       return their interface's access-denied error, or fail).
 * </ul>
 *
 * Every 0.2.x version is served (interfaces are matched semver-compatibly by the {@link Linker}).
 */
public final class WasiHost {

    private final Consumer<String> stdout;
    private final Consumer<String> stderr;
    private final LongConsumer outputBudget;
    private final LongSupplier wallClockNanos;
    private final LongSupplier monotonicNanos;
    private final Random random;
    private final Random insecure;

    private WasiHost(Builder b) {
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.outputBudget = b.outputBudget;
        this.wallClockNanos = b.wallClockNanos;
        this.monotonicNanos = b.monotonicNanos;
        this.random = b.random;
        this.insecure = b.insecure;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defines every WASI 0.2 interface in {@code linker}; each instance gets its own streams. */
    public void define(Linker linker) {
        var streams = new Streams(monotonicNanos, outputBudget);
        streams.define(linker);
        new Cli(stdout, stderr).define(linker);
        new Clocks(streams, wallClockNanos).define(linker);
        new Randomness(random, insecure).define(linker);
        Denials.define(linker);
    }

    /** Options of a {@link WasiHost}; every one has a default. */
    public static final class Builder {
        private Consumer<String> stdout = line -> {};
        private Consumer<String> stderr = line -> {};
        private LongConsumer outputBudget = bytes -> {};
        private LongSupplier wallClockNanos =
                () -> {
                    var now = java.time.Instant.now();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                };
        private LongSupplier monotonicNanos = System::nanoTime;
        private Random random = new SecureRandom();
        private Random insecure = new Random();

        private Builder() {}

        /** Where lines the component writes to stdout go (default: nowhere). */
        public Builder stdout(Consumer<String> lines) {
            this.stdout = Objects.requireNonNull(lines);
            return this;
        }

        /** Where lines the component writes to stderr go (default: nowhere). */
        public Builder stderr(Consumer<String> lines) {
            this.stderr = Objects.requireNonNull(lines);
            return this;
        }

        /**
         * Told the size of every write to an output stream before it happens; it may throw to fail
         * the call (the host's per-call output budget). Default: no budget.
         */
        public Builder outputBudget(LongConsumer bytes) {
            this.outputBudget = Objects.requireNonNull(bytes);
            return this;
        }

        /** Nanoseconds since the Unix epoch (default: the system clock). */
        public Builder wallClock(LongSupplier nanos) {
            this.wallClockNanos = Objects.requireNonNull(nanos);
            return this;
        }

        /** A monotonic clock in nanoseconds (default: {@link System#nanoTime()}). */
        public Builder monotonicClock(LongSupplier nanos) {
            this.monotonicNanos = Objects.requireNonNull(nanos);
            return this;
        }

        /** The source of {@code wasi:random/random} (default: {@link SecureRandom}). */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        /** The source of {@code wasi:random/insecure} and the insecure seed. */
        public Builder insecureRandom(Random random) {
            this.insecure = Objects.requireNonNull(random);
            return this;
        }

        public WasiHost build() {
            return new WasiHost(this);
        }
    }
}
