package dev.sluice.component.engine.chicory;

import dev.sluice.component.engine.CodeCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Properties;
import java.util.zip.ZipInputStream;

/** What a cached Chicory compile result says about itself, read from its jar. */
final class CachedCode {

    /** The field Chicory 1.x's compiled main class keeps its interpreter fallback in. */
    static final String INTERPRETER_FIELD = "compilerInterpreterMachine";

    private CachedCode() {}

    /**
     * The entry cached under this digest if it runs every function of its module compiled, else
     * null. Chicory leaves a function too large for a JVM method to its interpreter, and then the
     * module's main class keeps the interpreter in a field of this name: such code reads function
     * bodies. An entry that is missing or cannot be read answers null too.
     */
    static byte[] compilingEveryFunction(CodeCache cache, String digest) {
        byte[] jar;
        try {
            jar = cache.get(digest);
        } catch (IOException e) {
            return null;
        }
        if (jar == null) {
            return null;
        }
        byte[] marker = INTERPRETER_FIELD.getBytes(StandardCharsets.US_ASCII);
        String main = null;
        var classes = new HashMap<String, byte[]>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("wasm-module.properties")) {
                    var properties = new Properties();
                    properties.load(in);
                    main = properties.getProperty("mainClass", "").replace('.', '/') + ".class";
                    if (classes.containsKey(main)) {
                        break;
                    }
                } else if (e.getName().endsWith(".class")) {
                    byte[] bytes = in.readAllBytes();
                    if (e.getName().equals(main)) {
                        return contains(bytes, marker) ? null : jar;
                    }
                    classes.put(e.getName(), bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        byte[] mainClass = main == null ? null : classes.get(main);
        return mainClass == null || contains(mainClass, marker) ? null : jar;
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
