package dev.sluice.internal.loader;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.sluice.PluginValidationException;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.ContractCheck;
import dev.sluice.internal.contract.blink.BlinkAbi;
import dev.sluice.internal.contract.ourchat.OurChatAbi;
import dev.sluice.plugin.Contract;
import dev.sluice.plugin.PluginDescriptor;
import dev.sluice.plugin.PluginForm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Turns a file into a validated plugin, or into a list of everything that is wrong with it.
 *
 * <p>Order of checks: readable file → WebAssembly preamble → (component: find the plugin's core
 * module) → Chicory parses and validates the module → a contract claims it → that contract's
 * imports and exports. Nothing is instantiated or run.
 */
public final class PluginInspector {

    private PluginInspector() {}

    /** Validates and describes a plugin file. */
    public static PluginDescriptor inspect(Path file) {
        return load(file).descriptor();
    }

    /** Validates a plugin file and keeps what running it needs. */
    public static InspectedPlugin load(Path file) {
        return load(file, bytes -> false);
    }

    /**
     * Like {@link #load(Path)}, but core modules for which {@code validated} answers true are
     * parsed without Chicory's validation: the compile cache answers true for modules it holds
     * compiled code for, which were validated when that code was made. Validation is most of a cold
     * parse, so this is most of what a warm cache saves besides compiling.
     */
    public static InspectedPlugin load(Path file, Predicate<byte[]> validated) {
        String fileName = file.getFileName().toString();
        byte[] bytes = read(file, fileName);
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
        var notes = new ArrayList<String>();
        ModuleView view =
                form == PluginForm.CORE_MODULE
                        ? new ModuleView(parse(bytes, fileName, validated))
                        : mainModule(bytes, fileName, notes, validated);

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
        var check = new ContractCheck(view);
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
                        sha256(bytes),
                        form,
                        contract,
                        view.describeImports(),
                        view.describeExports(),
                        limits.map(MemoryLimits::initialPages).orElse(0),
                        limits.filter(l -> l.maximumPages() < MemoryLimits.MAX_PAGES)
                                .map(l -> OptionalInt.of(l.maximumPages()))
                                .orElse(OptionalInt.empty()),
                        notes);
        return new InspectedPlugin(descriptor, view.module(), view, binding.get());
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

    private static com.dylibso.chicory.wasm.WasmModule parse(
            byte[] bytes, String fileName, Predicate<byte[]> validated) {
        try {
            return parse(bytes, validated);
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new PluginValidationException(
                    fileName, "malformed WebAssembly module: " + e.getMessage(), e);
        }
    }

    private static com.dylibso.chicory.wasm.WasmModule parse(
            byte[] bytes, Predicate<byte[]> validated) {
        return Parser.builder()
                .withValidation(!validated.test(bytes))
                .build()
                .parse(() -> new ByteArrayInputStream(bytes));
    }

    /**
     * A component's plugin module: the core module that imports the Blink host interface or exports
     * a contract's hooks. The WASI adapter and shim modules around it are left out: the host
     * provides WASI preview 1 to the plugin module itself.
     */
    private static ModuleView mainModule(
            byte[] component, String fileName, List<String> notes, Predicate<byte[]> validated) {
        List<byte[]> modules;
        try {
            modules = ComponentModules.extract(component);
        } catch (IllegalArgumentException e) {
            throw new PluginValidationException(fileName, List.of(e.getMessage()));
        }
        if (modules.isEmpty()) {
            throw new PluginValidationException(
                    fileName, List.of("component contains no core module"));
        }
        for (byte[] candidate : modules) {
            ModuleView view;
            try {
                view = new ModuleView(parse(candidate, validated));
            } catch (RuntimeException e) {
                continue; // reported below if no module qualifies
            }
            if (BlinkAbi.claims(view) || OurChatAbi.claims(view)) {
                notes.add(
                        "component with "
                                + modules.size()
                                + " core modules; runs the plugin module ("
                                + candidate.length
                                + " bytes) with host-provided WASI preview 1");
                return view;
            }
        }
        throw new PluginValidationException(
                fileName,
                List.of(
                        "component has "
                                + modules.size()
                                + " core modules but none imports `"
                                + BlinkAbi.HOST_MODULE
                                + "` or exports `"
                                + BlinkAbi.ON_RECORD
                                + "`; components whose code needs WASI 0.2 directly are not"
                                + " supported yet"));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
