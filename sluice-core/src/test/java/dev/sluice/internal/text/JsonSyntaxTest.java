package dev.sluice.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSyntaxTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "[]",
                " {\"name\": \"alice\", \"id\": 7, \"tags\": [true, false, null]} ",
                "\"just a string \\u00e9 \\n \\\" \\\\ \\/\"",
                "-0.5e+10",
                "0",
                "12.25E-3",
                "{\"nested\": {\"a\": [[1], {\"b\": \"ü✓\"}]}}"
            })
    void acceptsWellFormedJson(String json) {
        assertThat(JsonSyntax.problem(json)).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|a value is missing at character 0",
                "{\"a\": 1,}|an object key (a string) is expected at character 8",
                "{\"a\" 1}|':' is expected at character 5",
                "[1 2]|']' is expected at character 3",
                "01|unexpected text after the JSON value at character 1",
                "1.|a digit is expected after '.' at character 2",
                "\"open|a string is not closed at character 5",
                "\"bad \\x\"|unknown escape at character 6",
                "\"\\u12\"|\\u needs four hexadecimal digits at character 2",
                "tru|unexpected character 't' at character 0",
                "{} {}|unexpected text after the JSON value at character 3",
                "@x|unexpected character '@' at character 0"
            })
    void saysWhatIsWrongAndWhere(String json, String problem) {
        assertThat(JsonSyntax.problem(json)).isEqualTo(problem);
    }

    @org.junit.jupiter.api.Test
    void refusesAControlCharacterInAString() {
        assertThat(JsonSyntax.problem("\"a\u0001\""))
                .isEqualTo("a control character inside a string must be escaped at character 2");
    }

    @org.junit.jupiter.api.Test
    void boundsNestingInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThat(JsonSyntax.problem(deep)).startsWith("nested deeper than 128 levels");
        assertThat(JsonSyntax.problem("[".repeat(100) + "]".repeat(100))).isNull();
    }
}
