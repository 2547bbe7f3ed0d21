package dev.sluice.internal.loader;

import dev.sluice.PluginValidationException;
import dev.sluice.component.Component;
import dev.sluice.component.ComponentDecodeException;
import dev.sluice.component.engine.MemoryLimits;
import dev.sluice.component.engine.Module;
import dev.sluice.component.engine.WasmMalformed;
import dev.sluice.component.model.ComponentDef;
import dev.sluice.component.model.ComponentModel;
import dev.sluice.component.model.CoreModuleDef;
import dev.sluice.component.model.ExternType;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.ContractCheck;
import dev.sluice.internal.contract.ModuleView;
import dev.sluice.internal.contract.blink.BlinkAbi;
import dev.sluice.internal.contract.blink.BlinkComponents;
import dev.sluice.internal.contract.ourchat.OurChatAbi;
import dev.sluice.internal.contract.sluice.SluiceWorld;
import dev.sluice.internal.runtime.CompileCache;
import dev.sluice.internal.runtime.Engines;
import dev.sluice.internal.wasi.Preview1Host;
import dev.sluice.plugin.Contract;
import dev.sluice.plugin.PluginDescriptor;
import dev.sluice.plugin.PluginForm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns a file into a validated plugin, or into a list of everything that is wrong with it.
 *
 * <p>Order of checks: readable file → WebAssembly preamble → for a core module: the engine parses
 * and validates it → a contract claims it → that contract's imports and exports; for a component:
 * the component runtime decodes and validates it (core modules included) → the plugin interface it
 * exports names its contract (Sluice's own world or Blink's) → that world's exports and imports, by
 * type → the host must provide every import. Nothing is instantiated or run.
 */
public final class PluginInspector {

    private PluginInspector() {}

    /** Validates and describes a plugin file. */
    public static PluginDescriptor inspect(Path file) {
        return load(file).descriptor();
    }

    /** Validates a plugin file and keeps what running it needs. */
    public static InspectedPlugin load(Path file) {
        return load(file, CompiledModules.NONE);
    }

    /**
     * Like {@link #load(Path)}, but core modules {@code compiled} holds code for are parsed as
     * trusted ({@link dev.sluice.component.engine.Engine#parseTrusted}: Chicory skips validation
     * and decoding their function bodies): they were validated when that code was made. Validating
     * and decoding are most of a cold parse, so this is most of what a warm cache saves besides
     * compiling.
     */
    public static InspectedPlugin load(Path file, CompiledModules compiled) {
        return load(file, compiled, false);
    }

    /**
     * Like {@link #load(Path, CompiledModules)}, for a plugin about to be compiled and run: a core
     * module that {@code engine: auto} would hand to GraalWasm (a function too large for a JVM
     * method, and GraalWasm available) is only described here, not validated twice — GraalWasm
     * validates every module as it compiles it, before anything runs, and Chicory, when the
     * settings force it, validates the module in full before compiling it. For the JavaScript
     * engine's 12 MB module that is half of a cold load. {@link #inspect} and validation keep
     * validating everything: they compile nothing.
     */
    public static InspectedPlugin loadToRun(Path file, CompiledModules compiled) {
        return load(file, compiled, true);
    }

    private static InspectedPlugin load(Path file, CompiledModules compiled, boolean toRun) {
        String fileName = file.getFileName().toString();
        byte[] bytes = read(file, fileName);
        try {
            return validate(file, fileName, bytes, compiled, toRun);
        } catch (PluginValidationException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError | AssertionError e) {
            // The decoders bound what a binary may declare, so this is a limit they lack: the
            // file is still only a bad plugin, never a reason for the caller (a server starting
            // up, a CLI) to die.
            throw new PluginValidationException(fileName, unexpected("decoding", e), e);
        }
    }

    /**
     * The SHA-256 of a plugin file, in hex, without decoding it: enough to tell whether a file is a
     * version the host already validated (a rollback).
     *
     * @throws PluginValidationException if the file cannot be read
     */
    public static String sha256(Path file) {
        String fileName = file.getFileName().toString();
        return sha256(read(file, fileName));
    }

    /**
     * What to say when decoding or loading a file failed with something other than the engine's own
     * exceptions: a decoder or runtime limit that is missing, named for a bug report.
     */
    public static String unexpected(String phase, Throwable e) {
        String what =
                e instanceof StackOverflowError
                        ? "it nests too deeply (StackOverflowError)"
                        : e instanceof OutOfMemoryError
                                ? "it declares more than fits in the heap (" + e + ")"
                                : e.toString();
        return "could not be processed: "
                + phase
                + " it failed: "
                + what
                + "; the file is malformed or hostile (if it is a valid binary, please report"
                + " this as a Sluice bug with the file attached)";
    }

    private static InspectedPlugin validate(
            Path file, String fileName, byte[] bytes, CompiledModules compiled, boolean toRun) {
        PluginForm form;
        try {
            form =
                    WasmHeader.detect(bytes)
                            .orElseThrow(
                                    () ->
                                            new PluginValidationException(
                                                    fileName,
                                                    List.of(
                                                            "not a WebAssembly binary ("
                                                                    + WasmHeader.describeStart(
                                                                            bytes)
                                                                    + ")")));
        } catch (IllegalArgumentException e) {
            throw new PluginValidationException(fileName, List.of(e.getMessage()));
        }
        if (form == PluginForm.COMPONENT) {
            return component(file, fileName, bytes, compiled, toRun);
        }
        var notes = new ArrayList<String>();
        var view = new ModuleView(parse(bytes, fileName, compiled, toRun));

        boolean blink = BlinkAbi.claims(view);
        boolean ourchat = OurChatAbi.claims(view);
        if (blink && ourchat) {
            throw new PluginValidationException(
                    fileName,
                    List.of(
                            "mixes the Blink and OurChat contracts (imports or exports of both);"
                                    + " a plugin implements one"));
        }
        if (!blink && !ourchat) {
            throw new PluginValidationException(
                    fileName,
                    List.of(
                            "implements no known contract: a Blink plugin exports `"
                                    + BlinkAbi.ON_RECORD
                                    + "`, an OurChat plugin exports at least one of "
                                    + String.join(
                                            ", ",
                                            List.of(
                                                    OurChatAbi.ON_LOAD,
                                                    OurChatAbi.ON_SEND,
                                                    OurChatAbi.ON_SENT))));
        }
        var check = new ContractCheck(view, Preview1Host.MODULE, Preview1Host.FUNCTIONS);
        Contract contract = blink ? Contract.BLINK : Contract.OURCHAT;
        Optional<ContractBinding> binding = blink ? BlinkAbi.check(check) : OurChatAbi.check(check);
        if (binding.isEmpty()) {
            throw new PluginValidationException(fileName, check.problems());
        }
        notes.addAll(check.notes());
        var limits = view.memoryLimits();
        var descriptor =
                new PluginDescriptor(
                        pluginName(fileName),
                        file,
                        bytes.length,
                        sha256(view.module(), bytes),
                        form,
                        contract,
                        view.describeImports(),
                        view.describeExports(),
                        limits.map(MemoryLimits::initialPages).orElse(0),
                        limits.filter(l -> l.maximumPages() < MemoryLimits.MAX_PAGES)
                                .map(l -> OptionalInt.of(l.maximumPages()))
                                .orElse(OptionalInt.empty()),
                        notes,
                        Optional.empty(),
                        ServiceImports.ofModule(view));
        return new InspectedPlugin(descriptor, view.module(), view, null, binding.get());
    }

    /** A plugin's name is its file name without the {@code .wasm} extension. */
    public static String pluginName(String fileName) {
        return fileName.endsWith(".wasm")
                ? fileName.substring(0, fileName.length() - ".wasm".length())
                : fileName;
    }

    private static byte[] read(Path file, String fileName) {
        try {
            if (Files.isDirectory(file)) {
                throw new PluginValidationException(
                        fileName, List.of("is a directory, not a .wasm file"));
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PluginValidationException(
                    fileName, List.of("file not found: " + file.toAbsolutePath()));
        } catch (IOException e) {
            throw new PluginValidationException(fileName, "cannot be read: " + e, e);
        }
    }

    private static Module parse(
            byte[] bytes, String fileName, CompiledModules compiled, boolean toRun) {
        try {
            return parse(bytes, compiled, toRun);
        } catch (WasmMalformed e) {
            throw new PluginValidationException(
                    fileName, "malformed WebAssembly module: " + e.getMessage(), e);
        } catch (RuntimeException | AssertionError e) {
            // Some inputs reach array bounds, buffer underflows or negative sizes in Chicory's
            // parser instead of its own checks, or (with -ea) fail its asserts on a malformed
            // name section: still a malformed module, named by the class.
            throw new PluginValidationException(fileName, "malformed WebAssembly module: " + e, e);
        }
    }

    private static Module parse(byte[] bytes, CompiledModules compiled, boolean toRun) {
        boolean describe = toRun && Engines.validatesWhenCompiling(bytes);
        if (compiled == CompiledModules.NONE && !describe) {
            // Nothing to look up and nothing to name: no need to hash the bytes.
            return Engines.parser().parse(bytes);
        }
        // Hashed once: the cache looks the module up by this name and a described module keeps it.
        String digest = CompileCache.digest(bytes);
        if (compiled.has(digest)) {
            return Engines.parser().parseTrusted(bytes, digest);
        }
        if (describe) {
            return Engines.parser().describe(bytes, digest);
        }
        return Engines.parser().parse(bytes);
    }

    /**
     * A component: decoded and validated by the component-model runtime (its core modules parsed
     * with the same validation rule as a core plugin), then checked against the world its exports
     * name and the imports the host provides.
     */
    private static InspectedPlugin component(
            Path file, String fileName, byte[] bytes, CompiledModules compiled, boolean toRun) {
        Component component;
        try {
            component = Component.decode(bytes, Engines.parser(), m -> parse(m, compiled, toRun));
        } catch (ComponentDecodeException e) {
            throw new PluginValidationException(fileName, List.of(e.getMessage()));
        }
        var problems = new ArrayList<String>();
        Contract contract = componentContract(component, fileName);
        var binding =
                contract == Contract.SLUICE
                        ? SluiceWorld.check(component, problems)
                        : BlinkComponents.check(component, problems);
        if (binding.isEmpty()) {
            throw new PluginValidationException(fileName, problems);
        }
        var model = component.model();
        var notes =
                List.of(
                        "component with "
                                + countModules(model)
                                + " core modules, run by Sluice's component-model runtime"
                                + " (imports linked to the host, WASI 0.2 included)");
        var descriptor =
                new PluginDescriptor(
                        pluginName(fileName),
                        file,
                        bytes.length,
                        sha256(bytes),
                        PluginForm.COMPONENT,
                        contract,
                        describe(component.type().imports()),
                        describe(component.type().exports()),
                        0,
                        OptionalInt.empty(),
                        notes,
                        Optional.of(component.wit()),
                        ServiceImports.ofComponent(component.type().imports().keySet()));
        return new InspectedPlugin(descriptor, null, null, component, binding.get());
    }

    /**
     * A component's contract, by the plugin interface it exports: Sluice's own world or Blink's.
     * Exporting both is refused, since the host could not know which one the author meant.
     */
    private static Contract componentContract(Component component, String fileName) {
        boolean sluice = SluiceWorld.claims(component);
        boolean blink = BlinkComponents.claims(component);
        if (sluice && blink) {
            throw new PluginValidationException(
                    fileName,
                    List.of(
                            "exports both the sluice:plugin and the blink:plugin interfaces; a"
                                    + " component implements one contract"));
        }
        if (!sluice && !blink) {
            throw new PluginValidationException(
                    fileName,
                    List.of(
                            "implements no known contract: a component exports"
                                    + " sluice:plugin/plugin@0.1.0 (Sluice's own contract) or"
                                    + " blink:plugin/plugin@0.1.0 (it exports: "
                                    + String.join(", ", component.type().exports().keySet())
                                    + ")"));
        }
        return sluice ? Contract.SLUICE : Contract.BLINK;
    }

    private static int countModules(ComponentModel model) {
        int n =
                (int)
                        model.coreModules().stream()
                                .filter(m -> m instanceof CoreModuleDef.Embedded)
                                .count();
        for (var c : model.components()) {
            if (c instanceof ComponentDef.Nested nested) {
                n += countModules(nested.model());
            }
        }
        return n;
    }

    /** {@code wasi:io/streams@0.2.3: interface (5 functions, 2 types)}. */
    private static List<String> describe(Map<String, ExternType> items) {
        var out = new ArrayList<String>();
        items.forEach(
                (name, type) -> {
                    if (type instanceof ExternType.Instance i) {
                        long funcs =
                                i.type().exports().values().stream()
                                        .filter(t -> t instanceof ExternType.Func)
                                        .count();
                        out.add(
                                name
                                        + ": interface ("
                                        + funcs
                                        + " functions, "
                                        + (i.type().exports().size() - funcs)
                                        + " types)");
                    } else {
                        out.add(
                                name
                                        + ": "
                                        + type.getClass()
                                                .getSimpleName()
                                                .toLowerCase(java.util.Locale.ROOT));
                    }
                });
        return out;
    }

    /**
     * The module's SHA-256 in hex, from the digest its parse already computed (Chicory's, or the
     * compile cache's) when it is one: a second hash of the bytes costs a cold JVM milliseconds.
     */
    private static String sha256(Module module, byte[] bytes) {
        String digest = module.digest();
        if (digest != null && digest.startsWith(SHA256_DIGEST)) {
            return HexFormat.of()
                    .formatHex(
                            Base64.getDecoder().decode(digest.substring(SHA256_DIGEST.length())));
        }
        return sha256(bytes);
    }

    private static final String SHA256_DIGEST = "sha-256:";

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
