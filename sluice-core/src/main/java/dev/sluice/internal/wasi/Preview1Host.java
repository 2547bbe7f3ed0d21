package dev.sluice.internal.wasi;

import dev.sluice.component.engine.Engine;
import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.HostFunction;
import dev.sluice.component.engine.Instance;
import dev.sluice.component.engine.Memory;
import dev.sluice.internal.contract.CallLimitExceeded;
import dev.sluice.internal.contract.Deadline;
import dev.sluice.internal.contract.GuestFault;
import dev.sluice.internal.contract.GuestMemory;
import dev.sluice.internal.contract.PluginLog;
import dev.sluice.internal.contract.PluginOutput;
import dev.sluice.internal.runtime.Engines;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.Level;

/**
 * WASI preview 1 for one plugin instance: the engine's own implementation, with every function that
 * moves bytes or loops replaced or guarded so that the call's deadline and per-call limits hold
 * inside it too.
 *
 * <p>The sandbox has three streams and nothing else: no arguments, no environment, no preopened
 * directories (so no file can ever be opened), an empty stdin, and stdout/stderr going line by line
 * to the plugin's log ({@link PluginOutput}). What that means for each function:
 *
 * <ul>
 *   <li>{@code fd_write} to stdout/stderr is the host's own: it copies at most {@link #CHUNK} bytes
 *       at a time, checks the deadline between chunks and iovecs, and charges every byte to the
 *       call's output budget ({@link PluginLog#MAX_OUTPUT_BYTES_PER_CALL}): past it the call fails.
 *       (Chicory's own copies each iovec whole and never looks at the clock: one call with 16
 *       iovecs of 16 MiB ran for seconds past a 100 ms limit.)
 *   <li>{@code fd_read} from stdin reads nothing, without allocating the buffer the guest claims.
 *   <li>{@code fd_renumber} is refused, so the streams stay where these functions expect them.
 *   <li>{@code path_*} fail as they must without directories, without first reading the path (which
 *       could be as long as the guest's memory).
 *   <li>{@code poll_oneoff} takes at most {@link #MAX_SUBSCRIPTIONS} subscriptions; its waits end
 *       on the watchdog's interrupt. {@code random_get} already checks for the interrupt.
 * </ul>
 *
 * Everything else does a bounded amount of work and is the engine's.
 */
public final class Preview1Host {

    public static final String MODULE = "wasi_snapshot_preview1";

    /** Every function the host provides, by name, with its type: what plugins may import. */
    public static final Map<String, FunctionType> FUNCTIONS = functionTypes();

    /** The most bytes copied between two deadline checks. */
    static final int CHUNK = 64 * 1024;

    /** The most subscriptions one {@code poll_oneoff} may pass (each costs the host work). */
    public static final int MAX_SUBSCRIPTIONS = 1024;

    // WASI errno values (Chicory's WasiErrno is not public).
    private static final long ESUCCESS = 0;
    private static final long EBADF = 8;
    private static final long ENOTDIR = 54;
    private static final long ENOTSUP = 58;

    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;

    private final PluginLog log;
    private final PluginOutput stdout;
    private final PluginOutput stderr;

    private Preview1Host(PluginLog log) {
        this.log = log;
        this.stdout = new PluginOutput(log, Level.INFO);
        this.stderr = new PluginOutput(log, Level.WARN);
    }

    /** The WASI functions of one instance of {@code engine} whose output goes to {@code log}. */
    public static List<HostFunction> functions(Engine engine, PluginLog log) {
        return new Preview1Host(log).build(engine);
    }

    private List<HostFunction> build(Engine engine) {
        var functions = new ArrayList<HostFunction>();
        for (var original : engine.wasiPreview1(stdout, stderr)) {
            var handle = replacement(original.name(), original.handle());
            functions.add(
                    handle == null
                            ? original
                            : new HostFunction(
                                    MODULE, original.name(), original.functionType(), handle));
        }
        return functions;
    }

    /** The host's own version of a function, or null to keep the engine's. */
    private HostFunction.Handle replacement(String name, HostFunction.Handle engine) {
        if (name.startsWith("path_")) {
            // path_symlink takes its directory third; every other path_* first.
            int dirArg = name.equals("path_symlink") ? 2 : 0;
            return (instance, args) -> errno(noDirectory((int) args[dirArg]));
        }
        return switch (name) {
            case "fd_write" -> (instance, args) -> fdWrite(instance, args, engine);
            case "fd_read" -> (instance, args) -> fdRead(instance, args, engine);
            case "fd_renumber" -> (instance, args) -> errno(ENOTSUP);
            case "poll_oneoff" -> (instance, args) -> pollOneoff(instance, args, engine);
            default -> null;
        };
    }

    /** No fd is a directory: the streams are not, and nothing else can be open. */
    private static long noDirectory(int fd) {
        return fd >= STDIN && fd <= STDERR ? ENOTDIR : EBADF;
    }

    private long[] fdWrite(Instance instance, long[] args, HostFunction.Handle engine) {
        int fd = (int) args[0];
        PluginOutput out = fd == STDOUT ? stdout : fd == STDERR ? stderr : null;
        if (out == null) {
            return engine.apply(instance, args); // EBADF or the like, at once
        }
        Memory memory = instance.memory();
        int iovs = (int) args[1];
        long count = Integer.toUnsignedLong((int) args[2]);
        int nwrittenPtr = (int) args[3];
        if (count * 8 > 0xFFFF_FFFFL) {
            throw new GuestFault("fd_write was given " + count + " iovecs");
        }
        GuestMemory.checkRange(memory, iovs, (int) (count * 8), "fd_write's iovec array");
        GuestMemory.checkRange(memory, nwrittenPtr, 4, "fd_write's nwritten");
        long written = 0;
        for (long i = 0; i < count; i++) {
            Deadline.check("fd_write");
            int base = memory.readInt(iovs + (int) (i * 8));
            int len = memory.readInt(iovs + (int) (i * 8) + 4);
            GuestMemory.checkRange(memory, base, len, "fd_write buffer " + i);
            long length = Integer.toUnsignedLong(len);
            for (long done = 0; done < length; done += CHUNK) {
                int n = (int) Math.min(CHUNK, length - done);
                Deadline.check("fd_write");
                log.chargeOutput("fd_write", n);
                out.write(memory.readBytes(base + (int) done, n));
            }
            written += length;
        }
        memory.writeI32(nwrittenPtr, (int) written);
        return errno(ESUCCESS);
    }

    private long[] fdRead(Instance instance, long[] args, HostFunction.Handle engine) {
        if ((int) args[0] != STDIN) {
            return engine.apply(instance, args); // EBADF: nothing else can be read
        }
        // stdin is empty: nothing to copy, whatever buffers the guest offers.
        int nreadPtr = (int) args[3];
        GuestMemory.checkRange(instance.memory(), nreadPtr, 4, "fd_read's nread");
        instance.memory().writeI32(nreadPtr, 0);
        return errno(ESUCCESS);
    }

    private long[] pollOneoff(Instance instance, long[] args, HostFunction.Handle engine) {
        long subscriptions = Integer.toUnsignedLong((int) args[2]);
        if (subscriptions > MAX_SUBSCRIPTIONS) {
            throw new CallLimitExceeded(
                    "poll_oneoff was given "
                            + subscriptions
                            + " subscriptions; at most "
                            + MAX_SUBSCRIPTIONS
                            + " per call");
        }
        Deadline.check("poll_oneoff");
        return engine.apply(instance, args);
    }

    private static long[] errno(long value) {
        return new long[] {value};
    }

    private static Map<String, FunctionType> functionTypes() {
        var map = new TreeMap<String, FunctionType>();
        for (var f :
                Engines.parser()
                        .wasiPreview1(
                                OutputStream.nullOutputStream(), OutputStream.nullOutputStream())) {
            map.put(f.name(), f.functionType());
        }
        return Collections.unmodifiableMap(map);
    }
}
