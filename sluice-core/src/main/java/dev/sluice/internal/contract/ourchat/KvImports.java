package dev.sluice.internal.contract.ourchat;

import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.HostFunction;
import dev.sluice.component.engine.Instance;
import dev.sluice.component.engine.ValType;
import dev.sluice.internal.contract.GuestMemory;
import dev.sluice.internal.contract.ModuleView;
import dev.sluice.internal.services.state.StateRefused;
import dev.sluice.internal.services.state.StateService;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OurChat's state imports over the plugin's {@link StateService}, with {@code get_config}'s rules:
 * keys are UTF-8 (invalid UTF-8 or a range outside memory traps the call, as for {@code
 * get_config}), results come back as a length or a negative code:
 *
 * <pre>
 * kv_get(key_ptr, key_len) -> i64                  ;; (ptr << 32) | len of a buffer the host
 *                                                  ;; allocated; -1 absent; or a code below
 * kv_set(key_ptr, key_len, val_ptr, val_len) -> i32 ;; 0, or a code
 * kv_delete(key_ptr, key_len) -> i32               ;; 0 (absent too), or a code
 * kv_increment(key_ptr, key_len, delta: i64, out_ptr) -> i32
 *                                                  ;; 0 and the new value (i64 LE) at out_ptr
 * codes: -2 not granted, -3 a limit, -4 not a counter/overflow, -5 the store failed
 * </pre>
 *
 * A key or value over its size limit is refused before it is copied in. The reason for a code is
 * logged once per instance and code (a plugin sees only the number).
 */
final class KvImports {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    static final FunctionType KV_GET = ModuleView.i32s(2, ValType.I64);
    static final FunctionType KV_SET = ModuleView.i32s(4, ValType.I32);
    static final FunctionType KV_DELETE = ModuleView.i32s(2, ValType.I32);
    static final FunctionType KV_INCREMENT =
            FunctionType.of(
                    List.of(ValType.I32, ValType.I32, ValType.I64, ValType.I32),
                    List.of(ValType.I32));

    /** Puts bytes in a buffer the guest owns from then on; returns its address. */
    @FunctionalInterface
    interface Buffers {
        int put(byte[] bytes, String what);
    }

    private final String plugin;
    private final StateService state;
    private final Buffers buffers;
    private final Set<Integer> reported = new HashSet<>();

    KvImports(String plugin, StateService state, Buffers buffers) {
        this.plugin = plugin;
        this.state = state;
        this.buffers = buffers;
    }

    List<HostFunction> functions() {
        String module = OurChatAbi.HOST_MODULE;
        return List.of(
                new HostFunction(module, "kv_get", KV_GET, (i, a) -> new long[] {get(i, a)}),
                new HostFunction(module, "kv_set", KV_SET, (i, a) -> new long[] {set(i, a)}),
                new HostFunction(
                        module, "kv_delete", KV_DELETE, (i, a) -> new long[] {delete(i, a)}),
                new HostFunction(
                        module,
                        "kv_increment",
                        KV_INCREMENT,
                        (i, a) -> new long[] {increment(i, a)}));
    }

    private long get(Instance instance, long[] args) {
        try {
            var value = state.get(key(instance, args[0], args[1], "kv_get"));
            if (value.isEmpty()) {
                return -1;
            }
            byte[] bytes = value.get();
            int ptr = buffers.put(bytes, "kv_get value");
            return (Integer.toUnsignedLong(ptr) << 32) | bytes.length;
        } catch (StateRefused e) {
            return code(e);
        }
    }

    private long set(Instance instance, long[] args) {
        try {
            String key = key(instance, args[0], args[1], "kv_set");
            int ptr = (int) args[2];
            long len = Integer.toUnsignedLong((int) args[3]);
            GuestMemory.checkRange(instance.memory(), ptr, (int) len, "kv_set value");
            int max = state.limits().maxValueBytes();
            if (len > max) {
                throw state.tooLarge("max_value_bytes", max, "a value of " + len + " bytes");
            }
            state.set(key, len == 0 ? new byte[0] : instance.memory().readBytes(ptr, (int) len));
            return 0;
        } catch (StateRefused e) {
            return code(e);
        }
    }

    private long delete(Instance instance, long[] args) {
        try {
            state.delete(key(instance, args[0], args[1], "kv_delete"));
            return 0;
        } catch (StateRefused e) {
            return code(e);
        }
    }

    private long increment(Instance instance, long[] args) {
        try {
            int out = (int) args[3];
            GuestMemory.checkRange(instance.memory(), out, 8, "kv_increment out_ptr");
            long next = state.increment(key(instance, args[0], args[1], "kv_increment"), args[2]);
            byte[] le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(next).array();
            GuestMemory.write(instance.memory(), out, le, "kv_increment result");
            return 0;
        } catch (StateRefused e) {
            return code(e);
        }
    }

    /** The key, refused before it is read when it is longer than the plugin's limit. */
    private String key(Instance instance, long ptr, long len, String what) {
        GuestMemory.checkRange(instance.memory(), (int) ptr, (int) len, what + " key");
        long bytes = Integer.toUnsignedLong((int) len);
        int max = state.limits().maxKeyBytes();
        if (bytes > max) {
            throw state.tooLarge("max_key_bytes", max, "a key of " + bytes + " bytes");
        }
        return GuestMemory.readString(instance.memory(), (int) ptr, (int) len, what + " key");
    }

    private int code(StateRefused e) {
        // Denials log their own warning; the rest once per instance and code.
        if (e.code() != StateRefused.DENIED && reported.add(e.code())) {
            LOG.warn(
                    "plugin {}: a kv_* call answered {}: {} (logged once per code)",
                    plugin,
                    e.code(),
                    e.getMessage());
        }
        return e.code();
    }
}
