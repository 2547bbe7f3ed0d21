package dev.sluice.internal.contract;

import dev.sluice.component.Linker;
import dev.sluice.component.model.ExternType;
import java.util.Map;
import java.util.Optional;

/** Looking up a component's imports and exports by interface name, as the linker matches them. */
public final class ComponentItems {

    private ComponentItems() {}

    /**
     * The item named {@code name} at any semver-compatible version ({@code @0.1.0} finds 0.1.2).
     */
    public static Optional<ExternType> find(Map<String, ExternType> items, String name) {
        String key = Linker.compatibilityKey(name);
        return items.entrySet().stream()
                .filter(e -> Linker.compatibilityKey(e.getKey()).equals(key))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
