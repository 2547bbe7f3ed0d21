package dev.sluice.component;

import dev.sluice.component.binary.ComponentDecoder;
import dev.sluice.component.model.ComponentModel;
import dev.sluice.component.model.ComponentType;
import dev.sluice.component.wit.WitPrinter;

/**
 * A decoded and validated component binary, ready to be instantiated any number of times with
 * {@link Linker#instantiate}. Its core modules are parsed once, here.
 */
public final class Component {

    private final ComponentModel model;
    private final CoreRuntime core;

    private Component(ComponentModel model, CoreRuntime core) {
        this.model = model;
        this.core = core;
    }

    /** Decodes with Chicory's defaults (see {@link CoreRuntime#standard()}). */
    public static Component decode(byte[] bytes) {
        return decode(bytes, CoreRuntime.standard());
    }

    /**
     * Decodes {@code bytes}, parsing its core modules with {@code core}, which will also
     * instantiate them.
     *
     * @throws ComponentDecodeException naming the section and offset of the first problem
     */
    public static Component decode(byte[] bytes, CoreRuntime core) {
        return new Component(ComponentDecoder.decode(bytes, core::parse), core);
    }

    /** Whether {@code bytes} starts like a component (rather than a core module). */
    public static boolean isComponent(byte[] bytes) {
        return bytes.length >= 8
                && bytes[0] == 0
                && bytes[1] == 'a'
                && bytes[2] == 's'
                && bytes[3] == 'm'
                && bytes[6] == 1
                && bytes[7] == 0;
    }

    /** What the component imports and exports. */
    public ComponentType type() {
        return model.type();
    }

    /** Everything the binary defines, for tools. */
    public ComponentModel model() {
        return model;
    }

    CoreRuntime core() {
        return core;
    }

    /** The component's world as WIT text: its interfaces, their types and functions. */
    public String wit() {
        return WitPrinter.print(model);
    }
}
