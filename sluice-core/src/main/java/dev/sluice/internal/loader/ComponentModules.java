package dev.sluice.internal.loader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the core modules embedded at the top level of a component binary.
 *
 * <p>This is only the slice of the component binary format that Sluice needs today: a Blink
 * component built with {@code wasm-tools component new --adapt …} holds the plugin's own core
 * module next to the WASI adapter and small shim modules. Sluice runs the plugin's module directly
 * with a host-provided WASI preview 1, so it only has to pick that module out. A general
 * component-model runtime is separate work.
 */
final class ComponentModules {

    /** Section id of an embedded core module in the component binary format. */
    private static final int CORE_MODULE_SECTION = 1;

    private static final int LAST_KNOWN_SECTION = 11;

    private ComponentModules() {}

    /**
     * The core modules in section order.
     *
     * @throws IllegalArgumentException naming the offset when the section structure is broken
     */
    static List<byte[]> extract(byte[] component) {
        var modules = new ArrayList<byte[]>();
        int pos = 8;
        while (pos < component.length) {
            int sectionStart = pos;
            int id = component[pos++] & 0xff;
            if (id > LAST_KNOWN_SECTION) {
                throw new IllegalArgumentException(
                        "malformed component: unknown section id "
                                + id
                                + " at offset "
                                + sectionStart);
            }
            long size = 0;
            int shift = 0;
            while (true) {
                if (pos >= component.length || shift > 28) {
                    throw new IllegalArgumentException(
                            "malformed component: truncated section size at offset "
                                    + sectionStart);
                }
                int b = component[pos++] & 0xff;
                size |= (long) (b & 0x7f) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (size > component.length - pos) {
                throw new IllegalArgumentException(
                        "malformed component: section "
                                + id
                                + " at offset "
                                + sectionStart
                                + " claims "
                                + size
                                + " bytes but only "
                                + (component.length - pos)
                                + " remain");
            }
            if (id == CORE_MODULE_SECTION) {
                modules.add(Arrays.copyOfRange(component, pos, pos + (int) size));
            }
            pos += (int) size;
        }
        return modules;
    }
}
