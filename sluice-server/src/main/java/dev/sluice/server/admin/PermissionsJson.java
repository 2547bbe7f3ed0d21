package dev.sluice.server.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.plugin.Permissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A grant as the management API shows and takes it: {@code {"state": bool, "events": {"publish":
 * [...]}, "http": {"allow": [...]}}}, the shape of {@code plugins.<name>.permissions} in the
 * settings file.
 */
public record PermissionsJson(
        @JsonProperty("state") Boolean state,
        @JsonProperty("events") Events events,
        @JsonProperty("http") Http http) {

    public record Events(@JsonProperty("publish") List<String> publish) {}

    public record Http(@JsonProperty("allow") List<String> allow) {}

    static PermissionsJson of(Permissions p) {
        return new PermissionsJson(
                p.state(),
                new Events(List.copyOf(new TreeSet<>(p.publish()))),
                new Http(p.httpAllow()));
    }

    /**
     * The grant this describes; absent parts grant nothing.
     *
     * @throws IllegalArgumentException naming a channel or host entry that is not valid
     */
    Permissions toPermissions() {
        return new Permissions(
                Boolean.TRUE.equals(state),
                events == null || events.publish() == null
                        ? Set.of()
                        : Set.copyOf(events.publish()),
                http == null || http.allow() == null ? List.of() : http.allow());
    }
}
