package dev.sluice.internal.contract.ourchat;

import dev.sluice.component.engine.HostFunction;
import dev.sluice.component.engine.Instance;
import dev.sluice.component.engine.Memory;
import dev.sluice.component.engine.WasmFunction;
import dev.sluice.internal.contract.GuestCode;
import dev.sluice.internal.contract.GuestExports;
import dev.sluice.internal.contract.GuestFault;
import dev.sluice.internal.contract.GuestMemory;
import dev.sluice.internal.contract.HostEvent;
import dev.sluice.internal.contract.Lifecycle;
import dev.sluice.internal.contract.PendingEvents;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.PluginLog;
import dev.sluice.internal.contract.PluginText;
import dev.sluice.internal.contract.RecordBytes;
import dev.sluice.internal.contract.TextGuest;
import dev.sluice.internal.contract.Verdict;
import dev.sluice.internal.contract.ourchat.OurChatAbi.Hook;
import dev.sluice.plugin.Contract;
import dev.sluice.record.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One instance of an OurChat plugin. Message hooks of the {@code (ctx_ptr, msg_ptr, msg_len)} shape
 * get a {@link ContextBlock}. Events it emits wait in {@link PendingEvents}, and a rewrite it asks
 * for in {@link MessageRewrite}, until the call succeeds.
 */
final class OurChatInstance extends TextGuest {

    static final int MAX_CONFIG_KEY_BYTES = 1024;

    private final PluginContext context;
    private final OurChatShape shape;
    private final PluginLog log;
    private final PendingEvents events;
    private final MessageRewrite rewrite;
    private final OurChatHttp http;
    private final Instance instance;
    private final Memory memory;
    private final GuestBuffers buffers;
    private final WasmFunction initialize;
    private final WasmFunction onSend;
    private final WasmFunction onSent;
    private final java.util.EnumMap<Hook, WasmFunction> lifecycle =
            new java.util.EnumMap<>(Hook.class);
    private final Map<String, WasmFunction> eventHooks = new HashMap<>();

    OurChatInstance(GuestCode.ModuleCode factory, PluginContext context, OurChatShape shape) {
        super(Contract.OURCHAT.label());
        this.context = context;
        this.shape = shape;
        this.log = new PluginLog(context);
        this.events = new PendingEvents(context);
        this.rewrite = new MessageRewrite(context.maxRecordBytes());
        this.http = new OurChatHttp(context.http());
        // Host functions reach the buffers through `this`; they run only after construction.
        this.instance = factory.instantiate(hostFunctions(), log);
        this.memory = instance.memory();
        this.buffers = buffers(instance, shape);
        this.initialize = GuestExports.optional(instance, "_initialize");
        this.onSend = shape.send().exported() ? instance.export(OurChatAbi.ON_SEND) : null;
        this.onSent = shape.sent().exported() ? instance.export(OurChatAbi.ON_SENT) : null;
        for (var hook : shape.lifecycle().keySet()) {
            lifecycle.put(hook, instance.export(hook.export));
        }
        for (var event : shape.events().keySet()) {
            eventHooks.put(event, instance.export(OurChatAbi.EVENT_PREFIX + event));
        }
    }

    private static GuestBuffers buffers(Instance instance, OurChatShape shape) {
        var memory = instance.memory();
        return switch (shape.allocator()) {
            case ALLOC ->
                    new GuestBuffers(
                            memory,
                            instance.export("alloc"),
                            shape.canFree() ? instance.export("dealloc") : null,
                            true,
                            false);
            case MALLOC ->
                    new GuestBuffers(
                            memory,
                            instance.export("malloc"),
                            shape.canFree() ? instance.export("free") : null,
                            false,
                            false);
            case CABI_REALLOC ->
                    new GuestBuffers(memory, instance.export("cabi_realloc"), null, false, true);
            case NONE -> new GuestBuffers(memory, null, null, false, false);
        };
    }

    private List<HostFunction> hostFunctions() {
        String module = OurChatAbi.HOST_MODULE;
        var types = OurChatAbi.HOST_FUNCTIONS;
        var functions = new java.util.ArrayList<HostFunction>();
        functions.addAll(
                new KvImports(
                                context.name(),
                                context.state(),
                                (bytes, what) -> buffers.put(bytes, true, what))
                        .functions());
        functions.addAll(messageFunctions(module, types));
        return functions;
    }

    private List<HostFunction> messageFunctions(
            String module, Map<String, dev.sluice.component.engine.FunctionType> types) {
        return List.of(
                new HostFunction(
                        module,
                        "log",
                        types.get("log"),
                        (instance, args) -> {
                            var level = PluginLog.level((int) args[0]);
                            log.log(
                                    level,
                                    cutString(
                                            instance,
                                            args[1],
                                            args[2],
                                            PluginText.MAX_LINE_BYTES,
                                            "log message"));
                            return null;
                        }),
                new HostFunction(
                        module,
                        "get_config",
                        types.get("get_config"),
                        (instance, args) -> new long[] {getConfig(instance, args)}),
                new HostFunction(
                        module,
                        "set_config",
                        types.get("set_config"),
                        (instance, args) -> {
                            String key = configKey(instance, args[0], args[1], "set_config");
                            long valueBytes = Integer.toUnsignedLong((int) args[3]);
                            if (valueBytes > PluginContext.MAX_STORED_VALUE_BYTES) {
                                throw new GuestFault(
                                        "set_config: value for "
                                                + PluginText.forLog(key, 64)
                                                + " is "
                                                + valueBytes
                                                + " bytes, more than the "
                                                + PluginContext.MAX_STORED_VALUE_BYTES
                                                + " allowed");
                            }
                            context.storeConfig(
                                    key, string(instance, args[2], args[3], "set_config value"));
                            return null;
                        }),
                new HostFunction(
                        module,
                        "emit_event",
                        types.get("emit_event"),
                        (instance, args) -> {
                            events.add(
                                    (int) args[0],
                                    cutString(
                                            instance,
                                            args[1],
                                            args[2],
                                            PluginText.MAX_LINE_BYTES,
                                            "emit_event data"));
                            return null;
                        }),
                new HostFunction(
                        module,
                        "http_request",
                        types.get("http_request"),
                        (instance, args) -> new long[] {httpRequest(instance, args)}),
                new HostFunction(
                        module,
                        "http_last_error",
                        types.get("http_last_error"),
                        (instance, args) -> new long[] {text(http.lastError(), "http_last_error")}),
                new HostFunction(
                        module,
                        "set_message",
                        types.get("set_message"),
                        (instance, args) ->
                                new long[] {
                                    rewrite.setMessage(
                                            instance.memory(), (int) args[0], (int) args[1])
                                }),
                new HostFunction(
                        module,
                        "set_header",
                        types.get("set_header"),
                        (instance, args) ->
                                new long[] {
                                    rewrite.addHeader(
                                            instance.memory(),
                                            (int) args[0],
                                            (int) args[1],
                                            (int) args[2],
                                            (int) args[3])
                                }));
    }

    private static String string(Instance instance, long ptr, long len, String what) {
        return GuestMemory.readString(instance.memory(), (int) ptr, (int) len, what);
    }

    private static String cutString(
            Instance instance, long ptr, long len, int maxBytes, String what) {
        return GuestMemory.readString(instance.memory(), (int) ptr, (int) len, maxBytes, what);
    }

    private static String configKey(Instance instance, long ptr, long len, String what) {
        if (Integer.toUnsignedLong((int) len) > MAX_CONFIG_KEY_BYTES) {
            throw new GuestFault(what + ": key longer than " + MAX_CONFIG_KEY_BYTES + " bytes");
        }
        return string(instance, ptr, len, what + " key");
    }

    /** {@code (ptr << 32) | len} of a buffer holding the value, or -1 when there is none. */
    private long getConfig(Instance instance, long[] args) {
        String key = configKey(instance, args[0], args[1], "get_config");
        return text(context.configValue(key), "get_config value");
    }

    /** The response JSON's buffer, packed as get_config's; or a negative OurChatHttp code. */
    private long httpRequest(Instance instance, long[] args) {
        long length = Integer.toUnsignedLong((int) args[1]);
        var answer =
                length > http.maxRequestTextBytes()
                        ? http.tooLong(length)
                        : http.request(string(instance, args[0], args[1], "http_request"));
        return answer.code() < 0 ? answer.code() : text(answer.json(), "http_request response");
    }

    /** {@code (ptr << 32) | len} of a buffer holding the text, or -1 for none. */
    private long text(String value, String what) {
        if (value == null) {
            return -1;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int ptr = buffers.put(bytes, true, what);
        return (Integer.toUnsignedLong(ptr) << 32) | bytes.length;
    }

    @Override
    public void commit() {
        events.publish();
    }

    @Override
    public void close() {
        instance.close();
    }

    @Override
    public OptionalInt initialise() {
        buffers.beginCall();
        try {
            if (initialize != null) {
                initialize.apply();
            }
            runLifecycle(Hook.LOAD);
        } finally {
            buffers.endCall();
        }
        return OptionalInt.empty();
    }

    @Override
    protected Verdict beforeStore(RecordBytes record) {
        buffers.beginCall();
        rewrite.begin(record);
        try {
            long result = callMessageHook(onSend, shape.send(), record, -1)[0];
            return switch ((int) result) {
                case 0 -> rewrite.allowed();
                case 1 ->
                        new Verdict.Block(
                                log.lastWarning()
                                        .orElse(OurChatAbi.ON_SEND + " returned 1 (block)"));
                default ->
                        throw new GuestFault(
                                OurChatAbi.ON_SEND
                                        + " returned "
                                        + result
                                        + " (expected 0 allow or 1 block)");
            };
        } finally {
            // A blocked or failed call's rewrite is dropped with it.
            rewrite.end();
            buffers.endCall();
        }
    }

    @Override
    protected void afterStore(StoredRecord stored, RecordBytes record) {
        buffers.beginCall();
        try {
            callMessageHook(onSent, shape.sent(), record, stored.offset());
        } finally {
            buffers.endCall();
        }
    }

    private long[] callMessageHook(
            WasmFunction hook, OurChatShape.MessageHook shape, RecordBytes record, long offset) {
        byte[] value = record.value();
        return switch (shape) {
            case PLAIN -> {
                int msg = value.length == 0 ? 0 : buffers.put(value, false, "message");
                yield hook.apply(msg, value.length);
            }
            case WITH_CONTEXT -> {
                int ctx = buffers.put(ContextBlock.bytes(record, offset), false, "context block");
                int msg = value.length == 0 ? 0 : buffers.put(value, false, "message");
                // The block's pointers are relative to where it landed: patch them now.
                ContextBlock.patch(memory, ctx, record);
                yield hook.apply(ctx, msg, value.length);
            }
            case ABSENT -> throw new IllegalStateException("no such hook: validation said so");
        };
    }

    @Override
    public void onEvent(HostEvent event) {
        var hook = eventHooks.get(event.name());
        buffers.beginCall();
        try {
            byte[] payload = event.payload();
            int ptr = buffers.put(payload, false, "event payload");
            long[] result = hook.apply(ptr, payload.length);
            if (shape.events().get(event.name()) && (int) result[0] != 0) {
                throw new GuestFault(
                        OurChatAbi.EVENT_PREFIX
                                + event.name()
                                + " returned "
                                + (int) result[0]
                                + " (0 means ok)");
            }
        } finally {
            buffers.endCall();
        }
    }

    @Override
    public void lifecycle(Lifecycle transition) {
        var hook = Hook.of(transition);
        buffers.beginCall();
        try {
            runLifecycle(hook);
        } finally {
            buffers.endCall();
        }
    }

    private void runLifecycle(Hook hook) {
        var function = lifecycle.get(hook);
        if (function == null) {
            return;
        }
        long[] result = function.apply();
        if (shape.lifecycle().get(hook) && result != null && (int) result[0] != 0) {
            throw new GuestFault(hook.export + " returned " + (int) result[0] + " (0 means ok)");
        }
    }

    @Override
    public PluginLog log() {
        return log;
    }
}
