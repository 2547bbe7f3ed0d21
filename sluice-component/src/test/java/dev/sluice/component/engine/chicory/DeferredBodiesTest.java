package dev.sluice.component.engine.chicory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.component.engine.CodeCache;
import dev.sluice.component.engine.CodeOptions;
import dev.sluice.component.engine.EngineLog;
import dev.sluice.component.engine.Imports;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A module the compile cache holds is parsed without its function bodies, and whatever would read
 * them gets the module decoded in full before it runs: the interpreter, and cached code that leaves
 * a function too large for a JVM method to the interpreter.
 */
class DeferredBodiesTest {

    private final MapCache cache = new MapCache();
    private final ChicoryEngine compiler = ChicoryEngine.compiler(cache, EngineLog.NONE);

    @Test
    void aCachedModuleParsesWithoutItsBodiesAndRunsTheCachedCode() throws Exception {
        byte[] bytes = module(10);
        var first = (ChicoryModule) compiler.parse(bytes);
        assertThat(DeferredBodies.deferred(first.wasm)).isFalse();
        compiler.compile(first, CodeOptions.of("small")); // fills the cache
        assertThat(cache.entries).containsKey(first.digest());

        var again = (ChicoryModule) compiler.parseTrusted(bytes, first.digest());
        assertThat(DeferredBodies.deferred(again.wasm)).isTrue();
        assertThat(again.exports()).isEqualTo(first.exports());
        var compiled = compiler.compile("small", again.wasm);
        assertThat(DeferredBodies.deferred(compiled.module())).isTrue();
        assertThat(call(compiler.compile(again, CodeOptions.of("small")))).isEqualTo(7);
    }

    @Test
    void cachedCodeThatInterpretsAFunctionGetsTheBodiesDecodedAtLoad() throws Exception {
        byte[] bytes = module(20_000); // one function too large for a JVM method
        var full = (ChicoryModule) compiler.parse(bytes);
        compiler.compile("huge", full.wasm);
        assertThat(CachedCode.compilingEveryFunction(cache, full.digest())).isNull();

        var partial = (ChicoryModule) compiler.parseTrusted(bytes, full.digest());
        assertThat(DeferredBodies.deferred(partial.wasm)).isTrue();
        assertThat(DeferredBodies.deferred(compiler.compile("huge", partial.wasm).module()))
                .isFalse();
        assertThat(call(compiler.compile(partial, CodeOptions.of("huge")))).isEqualTo(7);
    }

    @Test
    void cachedCodeThatCompilesEveryFunctionKeepsThemUndecoded() throws Exception {
        byte[] bytes = module(10);
        var full = (ChicoryModule) compiler.parse(bytes);
        compiler.compile("small", full.wasm);
        assertThat(CachedCode.compilingEveryFunction(cache, full.digest())).isNotNull();

        var partial = (ChicoryModule) compiler.parseTrusted(bytes, full.digest());
        assertThat(DeferredBodies.deferred(compiler.compile("small", partial.wasm).module()))
                .isTrue();
    }

    @Test
    void theInterpreterGetsTheBodiesDecodedAtLoad() throws Exception {
        byte[] bytes = module(10);
        var interpreter = ChicoryEngine.interpreter();
        var partial = interpreter.parseTrusted(bytes, compiler.parse(bytes).digest());
        assertThat(call(interpreter.compile(partial, CodeOptions.of("small")))).isEqualTo(7);
    }

    @Test
    void aModuleWithNoFunctionsHasNothingToDefer() throws Exception {
        byte[] empty = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
        var partial = DeferredBodies.parse(empty, compiler.parse(empty).digest());
        assertThat(DeferredBodies.deferred(partial)).isFalse();
        assertThat(DeferredBodies.full(partial)).isSameAs(partial);
    }

    private static long call(dev.sluice.component.engine.Code code) {
        return code.instantiate(Imports.builder().build()).export("f").apply()[0];
    }

    /** A compile cache in memory. */
    private static final class MapCache implements CodeCache {
        final Map<String, byte[]> entries = new HashMap<>();

        @Override
        public byte[] get(String key) {
            return entries.get(key);
        }

        @Override
        public void putIfAbsent(String key, byte[] code) {
            entries.putIfAbsent(key, code);
        }

        @Override
        public boolean has(String key) {
            return entries.containsKey(key);
        }

        @Override
        public void evict(String key) {
            entries.remove(key);
        }

        @Override
        public String location() {
            return "memory";
        }
    }

    /**
     * {@code (func (export "f") (result i32))} that adds 1 and 2 {@code additions} times, dropping
     * each sum, then returns 7: past about 10 000 additions its JVM method would exceed 64 KB.
     */
    private static byte[] module(int additions) throws Exception {
        var body = new ByteArrayOutputStream();
        body.write(0x00); // no locals
        for (int i = 0; i < additions; i++) {
            body.write(new byte[] {0x41, 0x01, 0x41, 0x02, 0x6a, 0x1a});
        }
        body.write(new byte[] {0x41, 0x07, 0x0b});
        var code = new ByteArrayOutputStream();
        code.write(0x01);
        leb(code, body.size());
        body.writeTo(code);
        var out = new ByteArrayOutputStream();
        out.write(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        out.write(new byte[] {0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f}); // type () -> i32
        out.write(new byte[] {0x03, 0x02, 0x01, 0x00}); // one function of type 0
        out.write(new byte[] {0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00}); // export "f"
        out.write(0x0a);
        leb(out, code.size());
        code.writeTo(out);
        return out.toByteArray();
    }

    private static void leb(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }
}
