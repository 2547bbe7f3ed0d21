package dev.sluice.internal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsEveryKindOfValue() throws Exception {
        Object value =
                JsonReader.read(
                        " {\"s\": \"a\\u00e9\\n\\\"\", \"n\": -12, \"f\": 1.5e2, \"t\": true,"
                                + " \"z\": null, \"l\": [[\"k\", \"v\"], []], \"o\": {}} ");

        assertThat(value)
                .isEqualTo(
                        Map.of(
                                "s",
                                "aé\n\"",
                                "n",
                                -12L,
                                "f",
                                150.0,
                                "t",
                                true,
                                "z",
                                JsonReader.NULL,
                                "l",
                                List.of(List.of("k", "v"), List.of()),
                                "o",
                                Map.of()));
    }

    @Test
    void malformedTextSaysWhereAndWhy() {
        assertThatThrownBy(() -> JsonReader.read("{\"a\": 1, \"a\": 2}"))
                .hasMessage("the key \"a\" appears twice at character 15");
        assertThatThrownBy(() -> JsonReader.read("[1, 2"))
                .hasMessage("expected ']' at character 5");
        assertThatThrownBy(() -> JsonReader.read("\"tab\there\""))
                .hasMessage("a control character inside a string at character 5");
        assertThatThrownBy(() -> JsonReader.read("1 2"))
                .hasMessage("unexpected text after the JSON value at character 2");
        assertThatThrownBy(() -> JsonReader.read("[".repeat(200)))
                .hasMessageStartingWith("nested deeper than 128 levels");
    }
}
