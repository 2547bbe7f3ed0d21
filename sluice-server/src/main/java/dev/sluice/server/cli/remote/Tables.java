package dev.sluice.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code sluice plugins} answers as text: aligned tables and short lines. */
public final class Tables {

    private Tables() {}

    private static final List<String> COLUMNS =
            List.of(
                    "NAME",
                    "STATUS",
                    "BREAKER",
                    "SOURCE",
                    "CALLS",
                    "REJECTED",
                    "FAILURES",
                    "P50 MS",
                    "P99 MS");

    static void plugins(PrintWriter out, JsonNode plugins) {
        var rows = new ArrayList<List<String>>();
        rows.add(COLUMNS);
        for (JsonNode p : plugins) {
            rows.add(
                    List.of(
                            p.path("name").asText(),
                            p.path("status").asText(),
                            p.path("breaker").asText(),
                            p.path("source").asText(),
                            p.path("calls").asText(),
                            p.path("rejected").asText(),
                            p.path("failures").asText(),
                            millis(p.path("p50_ms")),
                            millis(p.path("p99_ms"))));
        }
        table(out, rows);
        if (rows.size() == 1) {
            out.println("(no plugins loaded)");
        }
    }

    static void detail(PrintWriter out, JsonNode p) {
        out.println(p.path("name").asText() + "  " + p.path("status").asText());
        field(out, "contract", p.path("contract").asText("-"));
        field(out, "source", p.path("source").asText() + " (" + p.path("file").asText() + ")");
        field(out, "sha256", p.path("sha256").asText("-"));
        field(out, "breaker", p.path("breaker").asText());
        field(
                out,
                "calls",
                p.path("calls").asText()
                        + ", rejected "
                        + p.path("rejected").asText()
                        + ", failures "
                        + p.path("failure_count").asText()
                        + ", p50 "
                        + millis(p.path("p50_ms"))
                        + " ms, p99 "
                        + millis(p.path("p99_ms"))
                        + " ms");
        var limits = p.path("limits");
        field(
                out,
                "limits",
                "memory "
                        + limits.path("max_memory_bytes").asText()
                        + " B, time "
                        + limits.path("max_execution_time_ms").asText()
                        + " ms, record "
                        + limits.path("max_record_bytes").asText()
                        + " B, on_error "
                        + limits.path("on_error").asText());
        field(out, "permissions", p.path("permissions").toString());
        field(out, "config", p.path("config").toString());
        field(out, "imports", p.path("imports").toString());
        last(out, "logs", p.path("logs"), "level");
        last(out, "failures", p.path("failures"), "kind");
    }

    /** An enable, disable or reload answer: the plugin as it is now. */
    static void line(PrintWriter out, JsonNode p) {
        out.println(
                "plugin "
                        + p.path("name").asText()
                        + ": "
                        + p.path("status").asText()
                        + " (breaker "
                        + p.path("breaker").asText()
                        + ")");
    }

    private static void last(PrintWriter out, String what, JsonNode items, String tag) {
        int n = items.size();
        out.println(what + " (last " + Math.min(10, n) + " of " + n + "):");
        for (int i = Math.max(0, n - 10); i < n; i++) {
            var item = items.get(i);
            out.println(
                    "  "
                            + item.path("time").asText()
                            + " "
                            + item.path(tag).asText().toUpperCase(Locale.ROOT)
                            + " "
                            + item.path("message").asText());
        }
    }

    private static void field(PrintWriter out, String name, String value) {
        out.printf(Locale.ROOT, "  %-12s %s%n", name, value);
    }

    private static String millis(JsonNode value) {
        return String.format(Locale.ROOT, "%.3f", value.asDouble());
    }

    private static void table(PrintWriter out, List<List<String>> rows) {
        table(out, rows, 4);
    }

    /** Aligned columns; those from {@code numbersFrom} on are right-aligned. */
    public static void table(PrintWriter out, List<List<String>> rows, int numbersFrom) {
        int[] width = new int[rows.get(0).size()];
        for (var row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (var row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    line.append("  ");
                }
                String cell = row.get(i);
                boolean number = i >= numbersFrom;
                String pad = " ".repeat(width[i] - cell.length());
                line.append(number ? pad + cell : cell + (i == row.size() - 1 ? "" : pad));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
