package dev.sluice.internal.contract;

import dev.sluice.internal.text.JsonSyntax;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An event the embedding application dispatches to plugins ({@code Sluice.dispatch}): a name such
 * as {@code user_created} and a JSON payload, checked once here so every plugin gets the same
 * well-formed UTF-8 bytes.
 */
public final class HostEvent {

    /** Lowercase ASCII letters, digits and underscores, starting with a letter; at most 64. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /**
     * Names whose {@code on_<name>} export already means something else (OurChat's own hooks):
     * dispatching them would call a hook with the wrong arguments.
     */
    static final Set<String> RESERVED =
            Set.of(
                    "plugin_load",
                    "plugin_enable",
                    "plugin_disable",
                    "plugin_unload",
                    "message_send",
                    "message_sent");

    private final String name;
    private final byte[] payload;

    private HostEvent(String name, byte[] payload) {
        this.name = name;
        this.payload = payload;
    }

    /**
     * Checks an event from the embedding application.
     *
     * @throws IllegalArgumentException when the name is not allowed or the payload is not JSON,
     *     saying which and what is allowed
     */
    public static HostEvent of(String name, String payloadJson) {
        Objects.requireNonNull(name, "event");
        Objects.requireNonNull(payloadJson, "payloadJson");
        String bad = nameProblem(name);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        for (int i = 0; i < payloadJson.length(); i++) {
            char c = payloadJson.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < payloadJson.length()
                    && Character.isLowSurrogate(payloadJson.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(
                        "the payload of event "
                                + name
                                + " has an unpaired surrogate at index "
                                + i
                                + ", which UTF-8 cannot carry");
            }
        }
        String notJson = JsonSyntax.problem(payloadJson);
        if (notJson != null) {
            throw new IllegalArgumentException(
                    "the payload of event " + name + " is not valid JSON: " + notJson);
        }
        return new HostEvent(name, payloadJson.getBytes(StandardCharsets.UTF_8));
    }

    /** Why {@code name} cannot be an event's name, or null when it can. */
    public static String nameProblem(String name) {
        if (!NAME.matcher(name).matches()) {
            return "event name '"
                    + PluginText.forLog(name, 80)
                    + "' is not allowed: an event name is 1 to 64 lowercase ASCII letters, digits"
                    + " and underscores, starting with a letter (e.g. user_created)";
        }
        if (RESERVED.contains(name)) {
            return "event name '"
                    + name
                    + "' is reserved: on_"
                    + name
                    + " is a plugin hook of its own (reserved: "
                    + String.join(", ", RESERVED.stream().sorted().toList())
                    + ")";
        }
        return null;
    }

    public String name() {
        return name;
    }

    /** The payload as UTF-8; the caller must not change it. */
    public byte[] payload() {
        return payload;
    }

    @Override
    public String toString() {
        return name + " (" + payload.length + " bytes)";
    }
}
