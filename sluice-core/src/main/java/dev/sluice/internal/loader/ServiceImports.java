package dev.sluice.internal.loader;

import dev.sluice.internal.contract.ModuleView;
import dev.sluice.internal.contract.ourchat.OurChatAbi;
import dev.sluice.internal.services.Permission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which permission-needing services a plugin imports: a sluice-world component's {@code
 * sluice:plugin/state|events|http} interfaces, an OurChat module's {@code kv_*}, {@code emit_event}
 * and {@code http_request} imports. Blink plugins import none.
 */
final class ServiceImports {

    private ServiceImports() {}

    /** From a component's import names ({@code sluice:plugin/state@0.1.0}). */
    static List<String> ofComponent(Collection<String> importNames) {
        var found = EnumSet.noneOf(Permission.class);
        for (String name : importNames) {
            for (var permission : Permission.values()) {
                if (name.startsWith("sluice:plugin/" + permission.key() + "@")) {
                    found.add(permission);
                }
            }
        }
        return names(found);
    }

    /** From a core module's function imports from OurChat's host module. */
    static List<String> ofModule(ModuleView view) {
        var found = EnumSet.noneOf(Permission.class);
        for (var imp : view.imports()) {
            if (!imp.module().equals(OurChatAbi.HOST_MODULE)) {
                continue;
            }
            String name = imp.name();
            if (name.startsWith("kv_")) {
                found.add(Permission.STATE);
            } else if (name.equals("emit_event")) {
                found.add(Permission.EVENTS);
            } else if (name.startsWith("http_")) {
                found.add(Permission.HTTP);
            }
        }
        return names(found);
    }

    private static List<String> names(Set<Permission> found) {
        var out = new ArrayList<String>(found.size());
        for (var p : found) {
            out.add(p.key());
        }
        return out;
    }
}
