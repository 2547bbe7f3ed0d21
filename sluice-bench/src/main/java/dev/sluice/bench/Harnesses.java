package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The peers outside the JVM: Node.js running the same core module ({@code
 * src/main/node/blink-bench.mjs}) and the C rules compiled with gcc -O2 ({@code
 * src/main/c/native-filter.c}). Each prints its rounds as JSON; a row is dropped, with a message,
 * when its tool is missing, and the run fails if a harness disagrees on the decisions.
 */
final class Harnesses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Plugins plugins;
    private final Path work;
    private final boolean quick;

    Harnesses(Plugins plugins, Path work, boolean quick) {
        this.plugins = plugins;
        this.work = work;
        this.quick = quick;
    }

    Optional<Measured> node(Path plugin, Path records) throws Exception {
        if (!Processes.available("node")) {
            System.err.println("sluice-bench: node not found; skipping the V8 rows");
            return Optional.empty();
        }
        var script = plugins.root().resolve("sluice-bench/src/main/node/blink-bench.mjs");
        return Optional.of(
                measured(
                        List.of(
                                "node",
                                "--no-warnings",
                                script.toString(),
                                plugin.toString(),
                                records.toString(),
                                "--rounds",
                                quick ? "5" : "10",
                                "--min-time-ms",
                                quick ? "100" : "300",
                                "--warmup-ms",
                                quick ? "1000" : "2000")));
    }

    Optional<Measured> nativeFilter(Path records) throws Exception {
        if (!Processes.available("gcc")) {
            System.err.println("sluice-bench: gcc not found; skipping the native row");
            return Optional.empty();
        }
        Path binary = work.resolve("native-filter");
        Processes.run(
                List.of(
                        "gcc",
                        "-O2",
                        "-o",
                        binary.toString(),
                        plugins.root()
                                .resolve("sluice-bench/src/main/c/native-filter.c")
                                .toString()),
                work,
                60);
        return Optional.of(
                measured(
                        List.of(
                                binary.toString(),
                                records.toString(),
                                "--rounds",
                                quick ? "5" : "10",
                                "--min-time-ms",
                                quick ? "100" : "300")));
    }

    private Measured measured(List<String> command) throws Exception {
        JsonNode result = JSON.readTree(Processes.run(command, work, 300));
        int accepted = result.get("accepted").asInt();
        if (accepted != BenchRecords.ACCEPTED) {
            throw new IllegalStateException(
                    String.join(" ", command)
                            + " accepted "
                            + accepted
                            + " records, expected "
                            + BenchRecords.ACCEPTED);
        }
        double[] rounds =
                BenchMain.doubles(result.get("ns_per_record")).stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray();
        String note = result.has("node") ? "node " + result.get("node").asText() : "";
        return Measured.ofRounds(result.get("engine").asText(), rounds, note);
    }
}
