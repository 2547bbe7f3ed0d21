package dev.sluice.component.engine.chicory;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.Section;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * Parses a module whose compiled code the compile cache holds without decoding its function bodies:
 * code loaded from the cache never reads them, and decoding them (every instruction of every
 * function, as objects) is most of what a cold JVM spends on such a module — 60–90 ms of CPU for
 * the 36 KB Rust filter, before the JIT has looked at the parser.
 *
 * <p>Such a module has an empty body for each function (a decoded body always holds at least its
 * {@code end}) and keeps its bytes in a custom section of its own: whatever would run or compile
 * the bodies (the interpreter, the compiler after an unusable cache entry, cached code that
 * interprets some functions) takes {@link #full} instead, before any call, so no time limit pays
 * for the decoding. Only trusted bytes come here: the cache held code for exactly these bytes, so
 * they were validated when it was made.
 *
 * <p>The same shape serves a module that is not validated yet but that another engine will validate
 * when it compiles it ({@link #describe}): GraalWasm checks every body as it parses the binary, so
 * Chicory decoding and validating 12 MB of JavaScript engine first would only double the work. Its
 * bytes are kept under another name, and {@link #full} validates such a module before Chicory ever
 * compiles or runs it.
 */
final class DeferredBodies {

    /** The custom section that keeps the bytes of a module validated before (trusted). */
    private static final String SECTION = "sluice:undecoded-bodies";

    /** The custom section that keeps the bytes of a module nobody has validated yet. */
    private static final String UNVALIDATED = "sluice:unvalidated-bodies";

    private DeferredBodies() {}

    /**
     * @param digest what Chicory's parser would name these bytes ({@code sha-256:BASE64}), the
     *     compile cache's key for them
     */
    static WasmModule parse(byte[] bytes, String digest) {
        return parse(bytes, digest, SECTION);
    }

    /**
     * Imports, exports, memories and the rest, without decoding or validating a function body: for
     * a module an engine that validates by itself will compile. Compiling it on Chicory validates
     * it in full first ({@link #full}).
     */
    static WasmModule describe(byte[] bytes, String digest) {
        return parse(bytes, digest, UNVALIDATED);
    }

    private static WasmModule parse(byte[] bytes, String digest, String keptAs) {
        var builder = WasmModule.builder().withValidation(false).withDigest(digest);
        var parser = Parser.builder();
        for (int id = SectionId.CUSTOM; id <= SectionId.TAG; id++) {
            if (id != SectionId.CODE) {
                parser.includeSectionId(id);
            }
        }
        var functions = new int[1];
        parser.build()
                .parse(
                        new ByteArrayInputStream(bytes),
                        section -> {
                            if (section instanceof FunctionSection f) {
                                functions[0] = f.functionCount();
                            }
                            add(builder, section);
                        });
        var code = CodeSection.builder();
        for (int i = 0; i < functions[0]; i++) {
            code.addFunctionBody(new FunctionBody(List.of(), List.of()));
        }
        builder.setCodeSection(code.build());
        if (functions[0] > 0 || !keptAs.equals(SECTION)) {
            builder.addCustomSection(
                    keptAs,
                    UnknownCustomSection.builder().withName(keptAs).withBytes(bytes).build());
        }
        return builder.build();
    }

    /** Whether this module's function bodies were left undecoded. */
    static boolean deferred(WasmModule module) {
        if (module.customSection(UNVALIDATED) instanceof UnknownCustomSection) {
            return true;
        }
        var code = module.codeSection();
        return code.functionBodyCount() > 0
                && code.getFunctionBody(0).instructions().isEmpty()
                && module.customSection(SECTION) instanceof UnknownCustomSection;
    }

    /**
     * The module with its bodies decoded: itself unless they were deferred; validated in full when
     * nobody had validated it.
     */
    static WasmModule full(WasmModule module) {
        if (!deferred(module)) {
            return module;
        }
        boolean validated = !(module.customSection(UNVALIDATED) instanceof UnknownCustomSection);
        byte[] bytes =
                ((UnknownCustomSection) module.customSection(validated ? SECTION : UNVALIDATED))
                        .bytes();
        return Parser.builder()
                .withValidation(!validated)
                .build()
                .parse(() -> new ByteArrayInputStream(bytes));
    }

    /** Where each parsed section goes in the module (what Chicory's own parse does). */
    private static void add(WasmModule.Builder module, Section s) {
        switch (s.sectionId()) {
            case SectionId.CUSTOM -> {
                var custom = (CustomSection) s;
                module.addCustomSection(custom.name(), custom);
            }
            case SectionId.TYPE -> module.setTypeSection((TypeSection) s);
            case SectionId.IMPORT -> module.setImportSection((ImportSection) s);
            case SectionId.FUNCTION -> module.setFunctionSection((FunctionSection) s);
            case SectionId.TABLE -> module.setTableSection((TableSection) s);
            case SectionId.MEMORY -> module.setMemorySection((MemorySection) s);
            case SectionId.GLOBAL -> module.setGlobalSection((GlobalSection) s);
            case SectionId.EXPORT -> module.setExportSection((ExportSection) s);
            case SectionId.START -> module.setStartSection((StartSection) s);
            case SectionId.ELEMENT -> module.setElementSection((ElementSection) s);
            case SectionId.DATA -> module.setDataSection((DataSection) s);
            case SectionId.DATA_COUNT -> module.setDataCountSection((DataCountSection) s);
            case SectionId.TAG -> module.setTagSection((TagSection) s);
            default -> module.addIgnoredSection(s.sectionId());
        }
    }
}
