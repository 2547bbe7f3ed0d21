package dev.sluice.internal.contract;

/**
 * Text a plugin hands the host — log lines, reasons, event payloads — made safe to keep and to log:
 * cut to a size in UTF-8 bytes, saying so, and with control characters escaped.
 *
 * <p>Every contract goes through here, so a plugin cannot make the host hold (or answer with) more
 * than these sizes, and cannot forge log lines with newlines or drive a terminal with escapes.
 */
public final class PluginText {

    /**
     * Log lines, reject reasons (a plugin's last warning line) and event payloads: at most this
     * many bytes of the plugin's text.
     */
    public static final int MAX_LINE_BYTES = 4096;

    private PluginText() {}

    /**
     * {@code text} itself when its UTF-8 form has at most {@code maxBytes} bytes; otherwise the
     * longest prefix that fits, ending on a character boundary, followed by {@link #cutNote}.
     */
    public static String cut(String text, int maxBytes) {
        if (text.length() * 3L <= maxBytes) {
            return text; // no string this short can need more bytes
        }
        int end = 0;
        long bytes = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = utf8Length(cp);
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        if (end == text.length()) {
            return text;
        }
        long total = bytes;
        for (int i = end; i < text.length(); ) {
            int cp = text.codePointAt(i);
            total += utf8Length(cp);
            i += Character.charCount(cp);
        }
        return text.substring(0, end) + cutNote(total);
    }

    /**
     * The prefix of {@code bytes} (a plugin's UTF-8) that fits {@code maxBytes} without splitting a
     * character: the length to keep.
     */
    static int boundary(byte[] bytes, int maxBytes) {
        if (bytes.length <= maxBytes) {
            return bytes.length;
        }
        int end = maxBytes;
        // Back off over continuation bytes (10xxxxxx) so the kept part ends on a character.
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }

    /** What a cut string ends with: the size the plugin sent, so a reader knows what was lost. */
    public static String cutNote(long totalBytes) {
        return "… [cut: " + totalBytes + " bytes]";
    }

    /**
     * Escapes every character that could break a log line or drive a terminal: C0 controls
     * (newline, carriage return, ESC, …), DEL, C1 controls and the Unicode line and paragraph
     * separators. Newline, carriage return and tab become {@code \n}, {@code \r}, {@code \t}; the
     * rest {@code \}{@code uXXXX}.
     */
    public static String escape(String text) {
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        var sb = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
            }
        }
        return sb.toString();
    }

    /** Cut, then escaped: the form in which a plugin's text reaches the host log. */
    public static String forLog(String text, int maxBytes) {
        return escape(cut(text, maxBytes));
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
