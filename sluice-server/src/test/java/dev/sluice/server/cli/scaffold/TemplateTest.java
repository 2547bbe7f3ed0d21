package dev.sluice.server.cli.scaffold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private static String render(String text, String... flags) {
        return Template.render("t", text, Map.of("name", "my-filter"), Set.of(flags));
    }

    @Test
    void replacesKeys() {
        assertThat(render("build {{name}}.wasm\n")).isEqualTo("build my-filter.wasm\n");
    }

    @Test
    void keepsABlockWhenEveryTermHasAFlagSet() {
        String text =
                String.join(
                        "\n",
                        "a",
                        "{{if rust|c sluice}}",
                        "component",
                        "{{end}}",
                        "{{if blink}}",
                        "blink",
                        "{{end}}",
                        "z");

        assertThat(render(text, "c", "sluice")).isEqualTo("a\ncomponent\nz");
        assertThat(render(text, "js", "sluice")).isEqualTo("a\nz");
        assertThat(render(text, "rust", "blink")).isEqualTo("a\nblink\nz");
    }

    @Test
    void nestedBlocksNeedTheirOuterBlockKept() {
        String text = "{{if c}}\nc\n{{if sluice}}\nc and sluice\n{{end}}\n{{end}}\nend";

        assertThat(render(text, "c", "sluice")).isEqualTo("c\nc and sluice\nend");
        assertThat(render(text, "rust", "sluice")).isEqualTo("end");
    }

    @Test
    void inlineConditionsKeepOrDropTheirText() {
        String text = "jco{{if js}} and ComponentizeJS{{end}} for {{name}}";

        assertThat(render(text, "js")).isEqualTo("jco and ComponentizeJS for my-filter");
        assertThat(render(text, "c")).isEqualTo("jco for my-filter");
    }

    @Test
    void aBrokenTemplateFailsNamingTheLine() {
        assertThatThrownBy(() -> render("ok\n{{nmae}}")).hasMessage("t:2: unknown key {{nmae}}");
        assertThatThrownBy(() -> render("{{if c}}\nopen")).hasMessage("t: 1 {{if}} not closed");
        assertThatThrownBy(() -> render("{{end}}")).hasMessage("t:1: {{end}} without {{if}}");
    }
}
