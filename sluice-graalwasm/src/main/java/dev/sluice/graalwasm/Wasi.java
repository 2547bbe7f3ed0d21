package dev.sluice.graalwasm;

import dev.sluice.component.engine.HostFunction;
import dev.sluice.component.engine.Memory;
import dev.sluice.component.engine.WasmExit;
import dev.sluice.component.engine.WasmTrap;
import dev.sluice.component.engine.chicory.ChicoryEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * WASI preview 1 for GraalWasm instances, with the seam's promised semantics and nothing more: no
 * arguments, no environment, no preopened directories (so no files), an empty stdin, the given
 * stdout and stderr, both clocks and random bytes. GraalWasm's builtin WASI would read the host's
 * real files and streams. The functions and their types are Chicory's list (what a plugin may
 * import, the same for every engine); a function outside those semantics answers ENOSYS.
 */
final class Wasi {

    private static final long ESUCCESS = 0;
    private static final long EBADF = 8;
    private static final long EINVAL = 28;
    private static final long ENOSYS = 52;
    private static final long ENOTSUP = 58;
    private static final long ESPIPE = 70;

    /** WASI's filetype of a character device: what the three standard streams are. */
    private static final int CHARACTER_DEVICE = 2;

    private static final long RIGHT_FD_READ = 1L << 1;
    private static final long RIGHT_FD_WRITE = 1L << 6;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Wasi() {}

    static List<HostFunction> functions(OutputStream stdout, OutputStream stderr) {
        var out = new ArrayList<HostFunction>();
        for (var f :
                ChicoryEngine.interpreter()
                        .wasiPreview1(
                                OutputStream.nullOutputStream(), OutputStream.nullOutputStream())) {
            out.add(
                    new HostFunction(
                            f.module(),
                            f.name(),
                            f.functionType(),
                            handle(f.name(), stdout, stderr)));
        }
        return out;
    }

    private static long[] errno(long value) {
        return new long[] {value};
    }

    private static boolean std(long fd) {
        return fd >= 0 && fd <= 2;
    }

    private static HostFunction.Handle handle(
            String name, OutputStream stdout, OutputStream stderr) {
        return switch (name) {
            case "args_get", "environ_get" -> (i, a) -> errno(ESUCCESS);
            case "args_sizes_get", "environ_sizes_get" ->
                    (i, a) -> {
                        i.memory().writeI32((int) a[0], 0);
                        i.memory().writeI32((int) a[1], 0);
                        return errno(ESUCCESS);
                    };
            case "clock_res_get" ->
                    (i, a) -> {
                        if (a[0] < 0 || a[0] > 3) {
                            return errno(EINVAL);
                        }
                        i.memory().writeLong((int) a[1], 1);
                        return errno(ESUCCESS);
                    };
            case "clock_time_get" ->
                    (i, a) -> {
                        long now;
                        if ((int) a[0] == 0) {
                            var instant = java.time.Instant.now();
                            now = instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
                        } else if ((int) a[0] >= 1 && (int) a[0] <= 3) {
                            now = System.nanoTime();
                        } else {
                            return errno(EINVAL);
                        }
                        i.memory().writeLong((int) a[2], now);
                        return errno(ESUCCESS);
                    };
            case "random_get" ->
                    (i, a) -> {
                        var bytes = new byte[(int) a[1]];
                        RANDOM.nextBytes(bytes);
                        i.memory().write((int) a[0], bytes);
                        return errno(ESUCCESS);
                    };
            case "proc_exit" ->
                    (i, a) -> {
                        throw new WasmExit((int) a[0], null);
                    };
            case "sched_yield" -> (i, a) -> errno(ESUCCESS);
            case "fd_write" -> (i, a) -> fdWrite(i.memory(), a, stdout, stderr);
            case "fd_read" ->
                    (i, a) -> {
                        if (a[0] != 0) {
                            return errno(EBADF);
                        }
                        i.memory().writeI32((int) a[3], 0); // stdin is empty
                        return errno(ESUCCESS);
                    };
            case "fd_close", "fd_sync", "fd_datasync" ->
                    (i, a) -> errno(std(a[0]) ? ESUCCESS : EBADF);
            case "fd_seek", "fd_tell" -> (i, a) -> errno(std(a[0]) ? ESPIPE : EBADF);
            case "fd_fdstat_get" ->
                    (i, a) -> {
                        if (!std(a[0])) {
                            return errno(EBADF);
                        }
                        var m = i.memory();
                        int ptr = (int) a[1];
                        m.write(ptr, new byte[24]);
                        m.writeByte(ptr, (byte) CHARACTER_DEVICE);
                        long rights = a[0] == 0 ? RIGHT_FD_READ : RIGHT_FD_WRITE;
                        m.writeLong(ptr + 8, rights);
                        return errno(ESUCCESS);
                    };
            case "fd_filestat_get" ->
                    (i, a) -> {
                        if (!std(a[0])) {
                            return errno(EBADF);
                        }
                        var m = i.memory();
                        m.write((int) a[1], new byte[64]);
                        m.writeByte((int) a[1] + 16, (byte) CHARACTER_DEVICE);
                        return errno(ESUCCESS);
                    };
            case "fd_prestat_get", "fd_prestat_dir_name" -> (i, a) -> errno(EBADF);
            case "poll_oneoff" -> (i, a) -> errno(ENOTSUP);
            default ->
                    name.startsWith("fd_")
                            ? (i, a) -> errno(std(a[0]) ? ENOTSUP : EBADF)
                            : (i, a) -> errno(ENOSYS);
        };
    }

    private static long[] fdWrite(
            Memory memory, long[] a, OutputStream stdout, OutputStream stderr) {
        OutputStream out = a[0] == 1 ? stdout : a[0] == 2 ? stderr : null;
        if (out == null) {
            return errno(EBADF);
        }
        int iovs = (int) a[1];
        int count = (int) a[2];
        if (count < 0) {
            throw new WasmTrap("fd_write was given " + Integer.toUnsignedString(count) + " iovecs");
        }
        long written = 0;
        try {
            for (int n = 0; n < count; n++) {
                int base = memory.readInt(iovs + n * 8);
                int len = memory.readInt(iovs + n * 8 + 4);
                out.write(memory.readBytes(base, len));
                written += Integer.toUnsignedLong(len);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        memory.writeI32((int) a[3], (int) written);
        return errno(ESUCCESS);
    }
}
