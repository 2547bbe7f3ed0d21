package dev.sluice.component.runtime;

import java.util.Map;

/**
 * A component-level instance at run time: its exports by name ({@link RtFunc}, {@link RtInstance},
 * type objects, component models or core modules).
 */
record RtInstance(String name, Map<String, Object> exports) {}
