package dev.sluice.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.PluginValidationException;
import dev.sluice.Sluice;
import dev.sluice.SluiceException;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.server.config.SettingsException;
import dev.sluice.server.http.RecordJson;
import dev.sluice.server.http.RecordWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice plugin test FILE --records records.jsonl}: loads one plugin, without a server, and
 * runs each record (a JSON line in the /produce format) through it as a dry run, printing the
 * verdict, the outputs and the log lines of each; {@code --expect} compares the verdicts with a
 * file of the {@code --json} lines, for a plugin's own tests.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Run records through one plugin, without a server, and print each verdict, output and"
                    + " log line.",
            "Exit codes: 0 all ran (and matched --expect), 1 the plugin failed to load or a call"
                    + " failed, 2 a bad flag, settings, records or expect file, 3 a verdict did"
                    + " not match --expect."
        })
final class PluginTestCommand implements Callable<Integer> {

    static final int PLUGIN_FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int MISMATCH = 3;

    /** Differences printed before the rest are only counted. */
    private static final int MAX_DIFFERENCES = 10;

    static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "FILE", description = "a .wasm file")
    Path file;

    @Option(
            names = "--records",
            required = true,
            paramLabel = "FILE",
            description =
                    "records, one JSON object a line in the /produce format (blank lines are"
                            + " skipped)")
    Path records;

    @Option(
            names = "--expect",
            paramLabel = "FILE",
            description =
                    "the verdict expected for each record, one JSON line each as --json prints"
                            + " them; only the fields given are compared")
    Path expect;

    @Option(names = "--json", description = "print one JSON line a record")
    boolean json;

    @Mixin TrialLimits limits;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        long now = System.currentTimeMillis();
        List<Input> inputs;
        Expectations expected;
        PluginSettings settings;
        try {
            inputs = readRecords(now);
            expected = expect == null ? null : Expectations.read(expect, records, inputs.size());
            settings = limits.settingsFor(Sluice.pluginName(file));
        } catch (BadInput | SettingsException | IllegalArgumentException e) {
            err.println("sluice: " + e.getMessage());
            return BAD_INPUT;
        }
        try (var engine = limits.engine()) {
            String name;
            try {
                name = engine.load(file, settings).name();
                engine.enable(name);
            } catch (PluginValidationException e) {
                return PluginCommand.invalid(err, e);
            } catch (SluiceException e) {
                err.println(
                        "sluice: "
                                + file.getFileName()
                                + " cannot be loaded with "
                                + limits.describe(settings)
                                + ": "
                                + e.getMessage());
                return PLUGIN_FAILED;
            }
            boolean failed = false;
            var differences = new ArrayList<String>();
            for (int i = 0; i < inputs.size(); i++) {
                var input = inputs.get(i);
                long before = failures(engine, name);
                var trace = engine.dryRun(List.of(input.record()));
                var decision = trace.decisions().get(0);
                var log = new ArrayList<String>();
                trace.steps().forEach(step -> log.addAll(step.log()));
                var verdict = RecordWriter.verdict(decision);
                verdict.put("log", log);
                print(out, input, decision, verdict, log);
                if (failures(engine, name) > before) {
                    failed = true;
                    err.println(
                            "sluice: "
                                    + input.where()
                                    + ": the plugin's call failed"
                                    + reason(decision));
                }
                if (expected != null) {
                    expected.compare(input.where(), i, verdict, differences);
                }
            }
            out.flush();
            if (!differences.isEmpty()) {
                differences.stream().limit(MAX_DIFFERENCES).forEach(err::println);
                if (differences.size() > MAX_DIFFERENCES) {
                    err.println(
                            "… and "
                                    + (differences.size() - MAX_DIFFERENCES)
                                    + " more differences");
                }
            }
            if (failed) {
                return PLUGIN_FAILED;
            }
            return differences.isEmpty() ? 0 : MISMATCH;
        }
    }

    /** One record of the records file and where it was. */
    private record Input(int number, int line, Record record) {
        String where() {
            return "record " + number + " (line " + line + ")";
        }
    }

    private static long failures(Sluice engine, String name) {
        return engine.plugin(name).map(s -> s.failures() + s.hostFailures()).orElse(0L);
    }

    /** What a failed call made of its record, by the plugin's {@code on_error}. */
    private static String reason(Decision decision) {
        if (decision instanceof Decision.Reject reject) {
            return ": " + reject.reason();
        } else if (decision instanceof Decision.Unavailable unavailable) {
            return ": " + unavailable.reason();
        } else if (decision instanceof Decision.Accept || decision instanceof Decision.Replace) {
            return " (on_error: allow let the record through)";
        }
        throw new IllegalStateException("no text for the decision " + decision);
    }

    private List<Input> readRecords(long now) {
        var inputs = new ArrayList<Input>();
        var lines = lines(records, "records");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                inputs.add(new Input(inputs.size() + 1, i + 1, RecordJson.parse(line, now)));
            } catch (IllegalArgumentException e) {
                throw new BadInput(records + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (inputs.isEmpty()) {
            throw new BadInput(records + " holds no records (one JSON object a line)");
        }
        return inputs;
    }

    /** The lines of a records or expect file. */
    static List<String> lines(Path path, String what) {
        try {
            return Files.readAllLines(path);
        } catch (CharacterCodingException e) {
            throw new BadInput(path + ": the " + what + " file is not UTF-8");
        } catch (IOException e) {
            throw new BadInput("cannot read the " + what + " file " + path + ": " + e);
        }
    }

    private void print(
            PrintWriter out,
            Input input,
            Decision decision,
            Map<String, Object> verdict,
            List<String> log) {
        if (json) {
            out.println(text(verdict));
            return;
        }
        String head;
        if (decision instanceof Decision.Accept) {
            head = "accept";
        } else if (decision instanceof Decision.Replace replace) {
            int n = replace.records().size();
            head =
                    n == 0
                            ? "replace with nothing (dropped)"
                            : "replace with " + n + " record" + (n == 1 ? "" : "s");
        } else if (decision instanceof Decision.Reject reject) {
            head = "reject: " + reject.reason();
        } else if (decision instanceof Decision.Unavailable unavailable) {
            head = "unavailable (" + unavailable.error() + "): " + unavailable.reason();
        } else {
            throw new IllegalStateException("no text for the decision " + decision);
        }
        out.println(input.where() + ": " + head);
        if (decision instanceof Decision.Replace replace) {
            for (int k = 0; k < replace.records().size(); k++) {
                out.println(
                        "  output "
                                + (k + 1)
                                + ": "
                                + text(RecordWriter.record(replace.records().get(k))));
            }
        }
        log.forEach(line -> out.println("  log: " + line));
    }

    static String text(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
