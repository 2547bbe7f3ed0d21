package dev.sluice.component.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an instance exports, by name, in declaration order. */
public record InstanceType(Map<String, ExternType> exports) {
    public InstanceType {
        exports = Collections.unmodifiableMap(new LinkedHashMap<>(exports));
    }
}
