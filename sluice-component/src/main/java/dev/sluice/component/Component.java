package dev.sluice.component;

import dev.sluice.component.binary.ComponentDecoder;
import dev.sluice.component.engine.Code;
import dev.sluice.component.engine.CodeOptions;
import dev.sluice.component.engine.Engine;
import dev.sluice.component.engine.Module;
import dev.sluice.component.engine.chicory.ChicoryEngine;
import dev.sluice.component.model.ComponentModel;
import dev.sluice.component.model.ComponentType;
import dev.sluice.component.wit.WitPrinter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A decoded and validated component binary, ready to be instantiated any number of times with
 * {@link Linker#instantiate}. Its core modules are parsed once, here.
 */
public final class Component {

    private final ComponentModel model;
    private final Engine engine;
    private final ConcurrentHashMap<Integer, Code> compiled = new ConcurrentHashMap<>();

    private Component(ComponentModel model, Engine engine) {
        this.model = model;
        this.engine = engine;
    }

    /** Decodes with Chicory's interpreter. */
    public static Component decode(byte[] bytes) {
        return decode(bytes, ChicoryEngine.interpreter());
    }

    /**
     * Decodes {@code bytes}, parsing its core modules with {@code engine}, which also compiles them
     * (each once, when first instantiated) unless {@link Linker#instantiate(Component, CoreCode)}
     * is given code of its own.
     *
     * @throws ComponentDecodeException naming the section and offset of the first problem
     */
    public static Component decode(byte[] bytes, Engine engine) {
        return decode(bytes, engine, engine::parse);
    }

    /**
     * Like {@link #decode(byte[], Engine)}, each core module parsed by {@code parse}, which returns
     * modules of {@code engine} (for example {@link Engine#parseTrusted} for modules whose code is
     * cached).
     */
    public static Component decode(
            byte[] bytes, Engine engine, java.util.function.Function<byte[], Module> parse) {
        return new Component(ComponentDecoder.decode(bytes, parse), engine);
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

    /** Each core module compiled by the engine it was parsed with, without limits, once. */
    CoreCode code() {
        return module ->
                compiled.computeIfAbsent(
                        module.number(),
                        n ->
                                engine.compile(
                                        module.module(),
                                        module::bytes,
                                        CodeOptions.of("component")));
    }

    /** The component's world as WIT text: its interfaces, their types and functions. */
    public String wit() {
        return WitPrinter.print(model);
    }
}
