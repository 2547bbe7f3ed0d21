package dev.sluice.component.wasi;

import dev.sluice.component.ComponentTrap;
import dev.sluice.component.Linker;
import java.util.List;
import java.util.Random;

/** {@code wasi:random}: secure and insecure random numbers and the insecure seed. */
final class Randomness {

    /** The most bytes one call may ask for, so a plugin cannot make the host allocate at will. */
    static final long MAX_BYTES = 1 << 20;

    private final Random secure;
    private final Random insecure;
    private final List<Long> seed;

    Randomness(Random secure, Random insecure) {
        this.secure = secure;
        this.insecure = insecure;
        // The seed is fixed for the life of the instance, as the interface says.
        this.seed = List.of(insecure.nextLong(), insecure.nextLong());
    }

    void define(Linker linker) {
        linker.function("wasi:random/random@0.2.0", "get-random-bytes", a -> bytes(secure, a[0]));
        linker.function("wasi:random/random@0.2.0", "get-random-u64", a -> secure.nextLong());
        linker.function(
                "wasi:random/insecure@0.2.0",
                "get-insecure-random-bytes",
                a -> bytes(insecure, a[0]));
        linker.function(
                "wasi:random/insecure@0.2.0", "get-insecure-random-u64", a -> insecure.nextLong());
        linker.function("wasi:random/insecure-seed@0.2.0", "insecure-seed", a -> seed);
    }

    private static byte[] bytes(Random random, Object length) {
        long n = (Long) length;
        if (n < 0 || n > MAX_BYTES) {
            throw new ComponentTrap(
                    "asked for "
                            + Long.toUnsignedString(n)
                            + " random bytes; at most "
                            + MAX_BYTES
                            + " per call");
        }
        Streams.checkDeadline("get-random-bytes");
        byte[] out = new byte[(int) n];
        random.nextBytes(out);
        return out;
    }
}
