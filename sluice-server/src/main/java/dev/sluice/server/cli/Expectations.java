package dev.sluice.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code sluice plugin test --expect} expects of each record: a verdict line as {@code --json}
 * prints them, of which only the fields given are compared ({@code outputs} output by output, field
 * by field), so an expect file can leave out what it does not care about.
 */
final class Expectations {

    private final List<JsonNode> expected;

    private Expectations(List<JsonNode> expected) {
        this.expected = List.copyOf(expected);
    }

    /**
     * Reads an expect file: one JSON object with a {@code verdict} a line, one a record.
     *
     * @throws BadInput naming the file and line at fault
     */
    static Expectations read(Path expect, Path records, int count) {
        var expected = new ArrayList<JsonNode>();
        var lines = PluginTestCommand.lines(expect, "expect");
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = PluginTestCommand.JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                throw new BadInput(
                        expect + " line " + (i + 1) + ": not JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject() || !node.path("verdict").isTextual()) {
                throw new BadInput(
                        expect
                                + " line "
                                + (i + 1)
                                + ": expected an object with a \"verdict\" (accept, reject,"
                                + " replace or unavailable)");
            }
            expected.add(node);
        }
        if (expected.size() != count) {
            throw new BadInput(
                    expect
                            + " holds "
                            + expected.size()
                            + " verdicts for the "
                            + count
                            + " records of "
                            + records
                            + ": give one a record");
        }
        return new Expectations(expected);
    }

    /**
     * Adds to {@code differences} each field of {@code expected} that the verdict does not have
     * alike; outputs are compared one by one, field by field.
     */
    void compare(String where, int record, Map<String, Object> verdict, List<String> differences) {
        JsonNode expected = this.expected.get(record);
        JsonNode actual;
        try {
            // Read back, so that numbers compare alike (Jackson's int and long nodes differ).
            actual = PluginTestCommand.JSON.readTree(PluginTestCommand.text(verdict));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var fields = expected.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            JsonNode want = expected.get(field);
            JsonNode got = actual.get(field);
            if (field.equals("outputs") && want.isArray() && got != null && got.isArray()) {
                if (want.size() != got.size()) {
                    differences.add(
                            where
                                    + ": expected "
                                    + want.size()
                                    + " outputs, got "
                                    + got.size()
                                    + ": "
                                    + got);
                    continue;
                }
                for (int k = 0; k < want.size(); k++) {
                    var names = want.get(k).fieldNames();
                    while (names.hasNext()) {
                        String name = names.next();
                        differ(
                                where,
                                "outputs[" + k + "]." + name,
                                want.get(k).get(name),
                                got.get(k).get(name),
                                differences);
                    }
                }
            } else {
                differ(where, field, want, got, differences);
            }
        }
    }

    private static void differ(
            String where, String field, JsonNode want, JsonNode got, List<String> differences) {
        if (!want.equals(got)) {
            differences.add(
                    where
                            + ": "
                            + field
                            + ": expected "
                            + want
                            + ", got "
                            + (got == null ? "nothing" : got.toString()));
        }
    }
}
