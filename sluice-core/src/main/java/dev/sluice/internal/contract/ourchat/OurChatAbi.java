package dev.sluice.internal.contract.ourchat;

import static dev.sluice.internal.contract.ModuleView.i32s;

import dev.sluice.component.engine.FunctionType;
import dev.sluice.component.engine.ValType;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.ContractCheck;
import dev.sluice.internal.contract.HostEvent;
import dev.sluice.internal.contract.ModuleView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * OurChat's raw core-module ABI. Host module {@code ourchat}:
 *
 * <pre>
 * log(level, msg_ptr, msg_len)
 * get_config(key_ptr, key_len) -> i64         ;; (ptr << 32) | len, or -1 when absent
 * set_config(key_ptr, key_len, val_ptr, val_len)
 * emit_event(event_type, data_ptr, data_len)
 * set_message(ptr, len) -> i32                 ;; 0, or a negative MessageRewrite code
 * set_header(key_ptr, key_len, val_ptr, val_len) -> i32
 * kv_get, kv_set, kv_delete, kv_increment      ;; state (permission 'state'): see KvImports
 * http_request(req_ptr, req_len) -> i64       ;; (ptr << 32) | len of the response JSON, or
 *                                              ;; -1 invalid, -2 refused, -3 failed
 * http_last_error() -> i64                     ;; (ptr << 32) | len of its text, or -1
 * </pre>
 *
 * Exports (all optional, at least one hook): lifecycle hooks {@code on_plugin_load|enable|disable|
 * unload} taking nothing and returning nothing or an i32 status (0 = ok); message hooks {@code
 * on_message_send} (returns 0 allow, 1 block) and {@code on_message_sent}, each either {@code
 * (ctx_ptr, msg_ptr, msg_len)} as OurChat's docs show or {@code (msg_ptr, msg_len)} as its engine
 * calls them. Event hooks: any other {@code on_<event>} export, {@code (ptr, len)} returning
 * nothing or an i32 status, gets the host events of that name with their JSON payload. Allocators,
 * looked for in this order: {@code alloc}/{@code dealloc}, {@code malloc}/{@code free}, {@code
 * cabi_realloc}.
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
            Map.ofEntries(
                    Map.entry("log", i32s(3)),
                    Map.entry("get_config", i32s(2, ValType.I64)),
                    Map.entry("set_config", i32s(4)),
                    Map.entry("emit_event", i32s(3)),
                    Map.entry("set_message", i32s(2, ValType.I32)),
                    Map.entry("set_header", i32s(4, ValType.I32)),
                    Map.entry("kv_get", KvImports.KV_GET),
                    Map.entry("kv_set", KvImports.KV_SET),
                    Map.entry("kv_delete", KvImports.KV_DELETE),
                    Map.entry("kv_increment", KvImports.KV_INCREMENT),
                    Map.entry("http_request", i32s(2, ValType.I64)),
                    Map.entry("http_last_error", i32s(0, ValType.I64)));

    static final FunctionType LIFECYCLE_VOID = FunctionType.empty();
    static final FunctionType LIFECYCLE_STATUS = i32s(0, ValType.I32);
    static final FunctionType SEND_WITH_CONTEXT = i32s(3, ValType.I32);
    static final FunctionType SEND_PLAIN = i32s(2, ValType.I32);
    static final FunctionType SENT_WITH_CONTEXT_VOID = i32s(3);
    static final FunctionType SENT_PLAIN_VOID = i32s(2);

    static final FunctionType EVENT_VOID = i32s(2);
    static final FunctionType EVENT_STATUS = i32s(2, ValType.I32);

    /** What an event hook's export name starts with: {@code on_user_created}. */
    static final String EVENT_PREFIX = "on_";

    static final FunctionType ALLOC = i32s(1, ValType.I32);
    static final FunctionType DEALLOC = i32s(2);
    static final FunctionType FREE = i32s(1);
    static final FunctionType REALLOC = i32s(4, ValType.I32);

    private OurChatAbi() {}

    /**
     * Whether a module looks like it is meant to be an OurChat plugin at all: it imports from
     * {@code ourchat}, or exports one of its hooks or an event hook.
     */
    public static boolean claims(ModuleView view) {
        return view.importsFrom(HOST_MODULE)
                || ALL_HOOKS.stream().anyMatch(view::hasExport)
                || view.functionExportNames().stream().anyMatch(OurChatAbi::isEventExport);
    }

    /** An {@code on_<event>} export whose event is a name {@link HostEvent} allows. */
    private static boolean isEventExport(String export) {
        return export.startsWith(EVENT_PREFIX)
                && !ALL_HOOKS.contains(export)
                && HostEvent.nameProblem(export.substring(EVENT_PREFIX.length())) == null;
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
        var events = eventHooks(check);
        if (lifecycle.isEmpty()
                && send.isEmpty()
                && sent.isEmpty()
                && events.isEmpty()
                && ALL_HOOKS.stream().noneMatch(view::hasExport)) {
            check.problem(
                    "exports none of the hooks "
                            + String.join(", ", ALL_HOOKS)
                            + " and no event hook on_<event>");
        }
        var allocator = allocator(check);
        send.ifPresent(t -> check.note(ON_SEND + " takes " + describeShape(t)));
        sent.ifPresent(t -> check.note(ON_SENT + " takes " + describeShape(t)));
        if (!events.isEmpty()) {
            check.note(
                    "event hooks: "
                            + String.join(
                                    ", ",
                                    events.keySet().stream().map(e -> EVENT_PREFIX + e).toList())
                            + " (host events of those names, dispatched by the embedding"
                            + " application, with their JSON payload)");
        }
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
                                        allocator == AllocatorKind.ALLOC ? "dealloc" : "free"),
                                events)));
    }

    /**
     * The event hooks: every function export {@code on_<event>} other than the hooks above, each
     * mapped to whether it returns a status. One of another type is a problem; one whose event is
     * not a name that can be dispatched is noted, since it is never called.
     */
    private static Map<String, Boolean> eventHooks(ContractCheck check) {
        var events = new TreeMap<String, Boolean>();
        for (var export : check.view().functionExportNames()) {
            if (!export.startsWith(EVENT_PREFIX) || ALL_HOOKS.contains(export)) {
                continue;
            }
            var type = check.optionalExport(export, List.of(EVENT_STATUS, EVENT_VOID));
            if (type.isEmpty()) {
                continue; // the wrong type is a problem already
            }
            String event = export.substring(EVENT_PREFIX.length());
            String bad = HostEvent.nameProblem(event);
            if (bad != null) {
                check.note("`" + export + "` is never called as an event hook: " + bad);
                continue;
            }
            events.put(event, !type.get().returns().isEmpty());
        }
        return events;
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
