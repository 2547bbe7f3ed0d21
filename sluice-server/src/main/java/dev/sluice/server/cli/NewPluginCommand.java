package dev.sluice.server.cli;

import dev.sluice.server.cli.scaffold.Choice;
import dev.sluice.server.cli.scaffold.Language;
import dev.sluice.server.cli.scaffold.PluginContract;
import dev.sluice.server.cli.scaffold.PluginName;
import dev.sluice.server.cli.scaffold.Scaffold;
import dev.sluice.server.cli.scaffold.ScaffoldException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code sluice plugin new}: writes a plugin project that builds offline with one command. */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        description = {
            "Write a plugin project NAME/: a small working example (a filter refusing values"
                    + " that contain \"forbidden\"), ./build.sh that builds NAME.wasm offline, a"
                    + " README, records.jsonl and the expected.jsonl verdicts for them."
        })
final class NewPluginCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "NAME",
            description =
                    "the plugin's name: lowercase letters, digits and single hyphens, starting"
                            + " with a letter")
    String name;

    @Option(
            names = "--lang",
            required = true,
            paramLabel = "LANG",
            converter = LanguageConverter.class,
            completionCandidates = LanguageConverter.class,
            description = "the language: ${COMPLETION-CANDIDATES}")
    Language language;

    @Option(
            names = "--contract",
            required = true,
            paramLabel = "CONTRACT",
            converter = ContractConverter.class,
            completionCandidates = ContractConverter.class,
            description =
                    "what the plugin implements: ${COMPLETION-CANDIDATES} (sluice:plugin@0.1.0,"
                            + " blink:plugin@0.1.0, OurChat's core-module ABI)")
    PluginContract contract;

    @Option(
            names = "--dir",
            paramLabel = "PARENT",
            defaultValue = ".",
            description = "the folder to create NAME/ in (default: the current folder)")
    Path parent;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        Path project;
        try {
            project = new Scaffold(new PluginName(name), language, contract).writeInto(parent);
        } catch (IllegalArgumentException | ScaffoldException e) {
            err.println("sluice plugin new: " + e.getMessage());
            return 2;
        }
        var out = spec.commandLine().getOut();
        out.printf("wrote %s (%s contract, %s)%n", project, contract.title(), language.label());
        out.printf("  cd %s && ./build.sh     # builds %s.wasm%n", project, name);
        out.printf("  README.md says how to test it and run it in the server%n");
        out.flush();
        return 0;
    }

    /** Lowercase names on the command line, listed by picocli when one is wrong. */
    private abstract static class ChoiceConverter<E extends Choice>
            implements ITypeConverter<E>, Iterable<String> {
        private final E[] choices;
        private final Function<String, E> parse;

        ChoiceConverter(E[] choices, Function<String, E> parse) {
            this.choices = choices;
            this.parse = parse;
        }

        @Override
        public E convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(choices).map(Choice::label).iterator();
        }
    }

    static final class LanguageConverter extends ChoiceConverter<Language> {
        LanguageConverter() {
            super(Language.values(), Language::of);
        }
    }

    static final class ContractConverter extends ChoiceConverter<PluginContract> {
        ContractConverter() {
            super(PluginContract.values(), PluginContract::of);
        }
    }
}
