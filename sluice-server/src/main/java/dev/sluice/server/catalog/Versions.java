package dev.sluice.server.catalog;

import java.util.Comparator;

/**
 * How catalog versions compare: dotted numbers part by part ({@code 1.10 > 1.9}, missing parts are
 * 0), and a version with a {@code -suffix} before the same numbers without one ({@code 2.0.0-rc1 <
 * 2.0.0}); suffixes compare as text.
 */
public final class Versions {

    static final Comparator<String> ORDER = Versions::compare;

    private Versions() {}

    public static int compare(String a, String b) {
        String[] pa = numbers(a).split("\\.");
        String[] pb = numbers(b).split("\\.");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            long x = i < pa.length ? parse(pa[i]) : 0;
            long y = i < pb.length ? parse(pb[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        String sa = suffix(a);
        String sb = suffix(b);
        if (sa.isEmpty() || sb.isEmpty()) {
            return Boolean.compare(sa.isEmpty(), sb.isEmpty());
        }
        return sa.compareTo(sb);
    }

    private static String numbers(String v) {
        int dash = v.indexOf('-');
        return dash < 0 ? v : v.substring(0, dash);
    }

    private static String suffix(String v) {
        int dash = v.indexOf('-');
        return dash < 0 ? "" : v.substring(dash + 1);
    }

    private static long parse(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return 0; // an index with such a version is refused when read; sorting must not throw
        }
    }
}
