package dev.sluice.internal.contract.ourchat;

import static dev.sluice.internal.contract.ModuleView.i32s;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.ContractCheck;
import dev.sluice.internal.contract.ModuleView;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OurChat's raw core-module ABI. Host module {@code ourchat}:
 *
 * <pre>
 * log(level, msg_ptr, msg_len)
 * get_config(key_ptr, key_len) -> i64         ;; (ptr << 32) | len, or -1 when absent
 * set_config(key_ptr, key_len, val_ptr, val_len)
 * emit_event(event_type, data_ptr, data_len)
 * </pre>
 *
 * Exports (all optional, at least one hook): lifecycle hooks {@code on_plugin_load|enable|disable|
 * unload} taking nothing and returning nothing or an i32 status (0 = ok); message hooks {@code
 * on_message_send} (returns 0 allow, 1 block) and {@code on_message_sent}, each either {@code
 * (ctx_ptr, msg_ptr, msg_len)} as OurChat's docs show or {@code (msg_ptr, msg_len)} as its engine
 * calls them. Allocators, looked for in this order: {@code alloc}/{@code dealloc}, {@code
 * malloc}/{@code free}, {@code cabi_realloc}.
 */
public final class OurChatAbi {

    public static final String HOST_MODULE = "ourchat";

    public static final String ON_LOAD = "on_plugin_load";
    public static final String ON_ENABLE = "on_plugin_enable";
    public static final String ON_DISABLE = "on_plugin_disable";
    public static final String ON_UNLOAD = "on_plugin_unload";
    public static final String ON_SEND = "on_message_send";
    public static final String ON_SENT = "on_message_sent";

    static final List<String> LIFECYCLE_HOOKS = List.of(ON_LOAD, ON_ENABLE, ON_DISABLE, ON_UNLOAD);
    static final List<String> ALL_HOOKS =
            List.of(ON_LOAD, ON_ENABLE, ON_DISABLE, ON_UNLOAD, ON_SEND, ON_SENT);

    static final Map<String, FunctionType> HOST_FUNCTIONS =
            Map.of(
                    "log", i32s(3),
                    "get_config", i32s(2, ValType.I64),
                    "set_config", i32s(4),
                    "emit_event", i32s(3));

    static final FunctionType LIFECYCLE_VOID = FunctionType.empty();
    static final FunctionType LIFECYCLE_STATUS = i32s(0, ValType.I32);
    static final FunctionType SEND_WITH_CONTEXT = i32s(3, ValType.I32);
    static final FunctionType SEND_PLAIN = i32s(2, ValType.I32);
    static final FunctionType SENT_WITH_CONTEXT_VOID = i32s(3);
    static final FunctionType SENT_PLAIN_VOID = i32s(2);

    static final FunctionType ALLOC = i32s(1, ValType.I32);
    static final FunctionType DEALLOC = i32s(2);
    static final FunctionType FREE = i32s(1);
    static final FunctionType REALLOC = i32s(4, ValType.I32);

    private OurChatAbi() {}

    /** Whether a module looks like it is meant to be an OurChat plugin at all. */
    public static boolean claims(ModuleView view) {
        return view.importsFrom(HOST_MODULE) || ALL_HOOKS.stream().anyMatch(view::hasExport);
    }

    /** Checks hooks, allocator and imports; returns the binding when nothing is wrong. */
    public static Optional<ContractBinding> check(ContractCheck check) {
        var view = check.view();
        check.requireMemoryExport();
        check.checkImports(HOST_MODULE, HOST_FUNCTIONS);
        var lifecycle = new java.util.EnumMap<Hook, Boolean>(Hook.class);
        for (var name : LIFECYCLE_HOOKS) {
            check.optionalExport(name, List.of(LIFECYCLE_VOID, LIFECYCLE_STATUS))
                    .ifPresent(t -> lifecycle.put(Hook.of(name), !t.returns().isEmpty()));
        }
        var send = check.optionalExport(ON_SEND, List.of(SEND_WITH_CONTEXT, SEND_PLAIN));
        var sent =
                check.optionalExport(
                        ON_SENT,
                        List.of(
                                SENT_WITH_CONTEXT_VOID,
                                SENT_PLAIN_VOID,
                                SEND_WITH_CONTEXT,
                                SEND_PLAIN));
        if (lifecycle.isEmpty()
                && send.isEmpty()
                && sent.isEmpty()
                && ALL_HOOKS.stream().noneMatch(view::hasExport)) {
            check.problem("exports none of the hooks " + String.join(", ", ALL_HOOKS));
        }
        var allocator = allocator(check);
        send.ifPresent(t -> check.note(ON_SEND + " takes " + describeShape(t)));
        sent.ifPresent(t -> check.note(ON_SENT + " takes " + describeShape(t)));
        check.note(
                switch (allocator) {
                    case ALLOC -> "allocator: alloc/dealloc (host buffers come from the plugin)";
                    case MALLOC -> "allocator: malloc/free (host buffers come from the plugin)";
                    case CABI_REALLOC ->
                            "allocator: cabi_realloc (host buffers come from the" + " plugin)";
                    case NONE ->
                            "no allocator export: the host grows memory for its own scratch"
                                    + " pages and never writes below them";
                });
        if (!check.problems().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new OurChatBinding(
                        new OurChatShape(
                                lifecycle,
                                messageHook(send),
                                messageHook(sent),
                                allocator,
                                view.hasExport(
                                        allocator == AllocatorKind.ALLOC ? "dealloc" : "free"))));
    }

    private static OurChatShape.MessageHook messageHook(Optional<FunctionType> type) {
        return type.map(
                        t ->
                                t.params().size() == 3
                                        ? OurChatShape.MessageHook.WITH_CONTEXT
                                        : OurChatShape.MessageHook.PLAIN)
                .orElse(OurChatShape.MessageHook.ABSENT);
    }

    private static String describeShape(FunctionType type) {
        return type.params().size() == 3 ? "(ctx_ptr, msg_ptr, msg_len)" : "(msg_ptr, msg_len)";
    }

    private static AllocatorKind allocator(ContractCheck check) {
        if (check.optionalExport("alloc", List.of(ALLOC)).isPresent()) {
            check.optionalExport("dealloc", List.of(DEALLOC));
            return AllocatorKind.ALLOC;
        }
        if (check.optionalExport("malloc", List.of(ALLOC)).isPresent()) {
            check.optionalExport("free", List.of(FREE));
            return AllocatorKind.MALLOC;
        }
        if (check.optionalExport("cabi_realloc", List.of(REALLOC)).isPresent()) {
            return AllocatorKind.CABI_REALLOC;
        }
        return AllocatorKind.NONE;
    }

    /** The lifecycle hooks, keyed for the binding. */
    enum Hook {
        LOAD(ON_LOAD),
        ENABLE(ON_ENABLE),
        DISABLE(ON_DISABLE),
        UNLOAD(ON_UNLOAD);

        final String export;

        Hook(String export) {
            this.export = export;
        }

        static Hook of(dev.sluice.internal.contract.Lifecycle transition) {
            return switch (transition) {
                case ENABLE -> ENABLE;
                case DISABLE -> DISABLE;
                case UNLOAD -> UNLOAD;
            };
        }

        static Hook of(String export) {
            for (var h : values()) {
                if (h.export.equals(export)) {
                    return h;
                }
            }
            throw new IllegalArgumentException(export);
        }
    }

    enum AllocatorKind {
        ALLOC,
        MALLOC,
        CABI_REALLOC,
        NONE
    }
}
