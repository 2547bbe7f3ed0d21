package dev.sluice.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import dev.sluice.internal.loader.DeferredBodies;
import dev.sluice.internal.loader.PluginInspector;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module the compile cache holds is parsed without its function bodies, and whatever would read
 * them gets the module decoded in full before it runs: the interpreter, and cached code that leaves
 * a function too large for a JVM method to the interpreter.
 */
class DeferredBodiesTest {

    @TempDir Path root;

    @Test
    void aCachedFilterLoadsWithoutDecodingItsBodiesAndRunsTheCachedCode() throws Exception {
        var cache = new CompileCache(root);
        var filter = Fixtures.example("blink/content-filter.wasm");
        PluginInspector.load(filter, cache); // nothing cached yet: decoded and validated in full
        var first = PluginInspector.load(filter, cache).module();
        assertThat(DeferredBodies.deferred(first)).isFalse();
        InstanceFactory.compile("content-filter", first, cache); // fills the cache

        var again = PluginInspector.load(filter, cache);
        assertThat(DeferredBodies.deferred(again.module())).isTrue();
        assertThat(again.descriptor().sha256())
                .isEqualTo(PluginInspector.load(filter).descriptor().sha256());
        var compiled = InstanceFactory.compile("content-filter", again.module(), cache);
        assertThat(DeferredBodies.deferred(compiled.module())).isTrue();
        assertThat(compiled.machines()).isNotNull();
    }

    @Test
    void cachedCodeThatInterpretsAFunctionGetsTheBodiesDecodedAtLoad() throws Exception {
        var cache = new CompileCache(root);
        byte[] bytes = module(20_000); // one function too large for a JVM method
        var full = Parser.parse(bytes);
        InstanceFactory.compile("huge", full, cache);
        assertThat(cache.compilingEveryFunction(full.digest())).isNull();

        var partial = DeferredBodies.parse(bytes, full.digest());
        assertThat(DeferredBodies.deferred(partial)).isTrue();
        var compiled = InstanceFactory.compile("huge", partial, cache);
        assertThat(DeferredBodies.deferred(compiled.module())).isFalse();
        assertThat(call(compiled)).isEqualTo(7);
    }

    @Test
    void cachedCodeThatCompilesEveryFunctionKeepsThemUndecoded() throws Exception {
        var cache = new CompileCache(root);
        byte[] bytes = module(10);
        var full = Parser.parse(bytes);
        InstanceFactory.compile("small", full, cache);
        assertThat(cache.compilingEveryFunction(full.digest())).isNotNull();

        var compiled =
                InstanceFactory.compile("small", DeferredBodies.parse(bytes, full.digest()), cache);
        assertThat(DeferredBodies.deferred(compiled.module())).isTrue();
        assertThat(call(compiled)).isEqualTo(7);
    }

    @Test
    void theInterpreterGetsTheBodiesDecodedAtLoad() throws Exception {
        byte[] bytes = module(10);
        var partial = DeferredBodies.parse(bytes, Parser.parse(bytes).digest());
        var factory =
                new InstanceFactory(
                        "small",
                        partial,
                        ExecutionEngine.INTERPRETER,
                        null,
                        false,
                        new CompileCache(root));
        Instance instance = factory.instantiate(List.of(), null);
        assertThat(instance.export("f").apply()[0]).isEqualTo(7);
    }

    @Test
    void aModuleWithNoFunctionsHasNothingToDefer() throws Exception {
        byte[] empty = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
        var partial = DeferredBodies.parse(empty, Parser.parse(empty).digest());
        assertThat(DeferredBodies.deferred(partial)).isFalse();
        assertThat(DeferredBodies.full(partial)).isSameAs(partial);
    }

    private static long call(InstanceFactory.Compiled compiled) {
        var instance =
                Instance.builder(compiled.module()).withMachineFactory(compiled.machines()).build();
        return instance.export("f").apply()[0];
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
