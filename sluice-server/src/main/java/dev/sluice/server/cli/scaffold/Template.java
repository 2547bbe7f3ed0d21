package dev.sluice.server.cli.scaffold;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scaffold's template language, small on purpose: {@code {{key}}} is replaced by a value, and a
 * line holding only {@code {{if a|b c}}} starts a block kept when every space-separated term has
 * one of its {@code |}-separated flags set (here: the language and the contract), up to the line
 * {@code {{end}}}. Blocks nest. Within a line, {@code {{if a}}text{{end}}} keeps the text under the
 * same rule (no nesting there). One template per file serves every language and contract, so what
 * they share is written once.
 */
final class Template {

    private static final Pattern IF = Pattern.compile("\\s*\\{\\{if ([a-z| ]+)}}\\s*");
    private static final Pattern END = Pattern.compile("\\s*\\{\\{end}}\\s*");
    private static final Pattern KEY = Pattern.compile("\\{\\{([a-z_]+)}}");
    private static final Pattern INLINE_IF =
            Pattern.compile("\\{\\{if ([a-z| ]+)}}(.*?)\\{\\{end}}");

    private Template() {}

    /**
     * Renders {@code text}.
     *
     * @param source names the template in errors
     * @throws IllegalStateException on an unknown key or unbalanced blocks: a broken template
     */
    static String render(
            String source, String text, Map<String, String> values, Set<String> flags) {
        var out = new StringBuilder(text.length());
        Deque<Boolean> kept = new ArrayDeque<>();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            Matcher condition = IF.matcher(line);
            if (condition.matches()) {
                boolean outer = kept.isEmpty() || kept.peek();
                kept.push(outer && holds(condition.group(1), flags));
                continue;
            }
            if (END.matcher(line).matches()) {
                if (kept.isEmpty()) {
                    throw new IllegalStateException(
                            source + ":" + lineNumber + ": {{end}} without {{if}}");
                }
                kept.pop();
                continue;
            }
            if (kept.isEmpty() || kept.peek()) {
                String visible = inlineConditions(line, flags);
                out.append(substitute(source, lineNumber, visible, values)).append('\n');
            }
        }
        if (!kept.isEmpty()) {
            throw new IllegalStateException(source + ": " + kept.size() + " {{if}} not closed");
        }
        // split/append turned the text's last line into one more newline
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static String inlineConditions(String line, Set<String> flags) {
        Matcher condition = INLINE_IF.matcher(line);
        var out = new StringBuilder();
        while (condition.find()) {
            String kept = holds(condition.group(1), flags) ? condition.group(2) : "";
            condition.appendReplacement(out, Matcher.quoteReplacement(kept));
        }
        condition.appendTail(out);
        return out.toString();
    }

    private static boolean holds(String terms, Set<String> flags) {
        for (String term : terms.trim().split(" +")) {
            boolean any = false;
            for (String flag : term.split("\\|")) {
                any |= flags.contains(flag);
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static String substitute(
            String source, int lineNumber, String line, Map<String, String> values) {
        Matcher key = KEY.matcher(line);
        var out = new StringBuilder();
        while (key.find()) {
            String value = values.get(key.group(1));
            if (value == null) {
                throw new IllegalStateException(
                        source + ":" + lineNumber + ": unknown key {{" + key.group(1) + "}}");
            }
            key.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        key.appendTail(out);
        return out.toString();
    }
}
