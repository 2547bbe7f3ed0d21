package dev.sluice.server.http;

/**
 * Makes text a producer sent safe to put in a log line: control characters (C0, DEL, C1) and the
 * Unicode line and paragraph separators are written as escapes, so a value cannot end the line and
 * forge the next one. Backslashes are doubled so an escape in the log is never ambiguous.
 */
public final class LogText {

    private LogText() {}

    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escapeOf(c);
            if (escape != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String escapeOf(char c) {
        return switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default ->
                    c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                            ? String.format(java.util.Locale.ROOT, "\\u%04x", (int) c)
                            : null;
        };
    }
}
