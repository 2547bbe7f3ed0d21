package dev.sluice.internal.text;

import dev.sluice.record.Bytes;
import java.util.Objects;
import java.util.function.Function;

/**
 * The array behind a {@link Bytes}, for the engine's own code that copies it into plugin memory or
 * storage. {@link Bytes} keeps its array private so the public API stays immutable; it hands this
 * class the one accessor when it is initialised (the JDK's "shared secrets" idiom). Callers must
 * never change the array.
 */
public final class RawBytes {

    private static volatile Function<Bytes, byte[]> access;

    private RawBytes() {}

    /** Called once, by {@link Bytes}. */
    public static void install(Function<Bytes, byte[]> accessor) {
        if (access != null) {
            throw new IllegalStateException("installed already");
        }
        access = Objects.requireNonNull(accessor);
    }

    /** The bytes themselves, not a copy: read them, never change them. */
    public static byte[] of(Bytes bytes) {
        // Any Bytes instance exists only once its class is initialised, so access is set.
        return access.apply(bytes);
    }
}
