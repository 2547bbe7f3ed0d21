package dev.sluice.server.catalog;

import dev.sluice.plugin.Permissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Permissions as a catalog and {@code --grant} write them, one token each: {@code state}, {@code
 * events:CHANNEL}, {@code http:HOST:PORT}. An entry may also ask for plain {@code events} or {@code
 * http} (it publishes, or calls out, without naming where): any channel or host granted answers
 * that.
 */
public final class Grants {

    private Grants() {}

    /** The permission tokens a plugin needs, from the services it imports. */
    public static List<String> asked(List<String> services) {
        return List.copyOf(new LinkedHashSet<>(services));
    }

    /**
     * A grant from tokens.
     *
     * @throws IllegalArgumentException naming a token that is not a permission
     */
    public static Permissions parse(List<String> tokens) {
        boolean state = false;
        Set<String> publish = new HashSet<>();
        List<String> http = new ArrayList<>();
        for (String raw : tokens) {
            String t = raw.strip();
            if (t.equals("state")) {
                state = true;
            } else if (t.startsWith("events:")) {
                publish.add(t.substring("events:".length()));
            } else if (t.startsWith("http:")) {
                http.add(t.substring("http:".length()));
            } else {
                throw new IllegalArgumentException(
                        "'"
                                + t
                                + "' is not a permission to grant: write state, events:CHANNEL or"
                                + " http:HOST:PORT");
            }
        }
        return new Permissions(state, publish, http);
    }

    /** A grant as tokens, the inverse of {@link #parse}. */
    public static List<String> tokens(Permissions p) {
        var out = new ArrayList<String>();
        if (p.state()) {
            out.add("state");
        }
        p.publish().stream().sorted().forEach(c -> out.add("events:" + c));
        p.httpAllow().forEach(h -> out.add("http:" + h));
        return out;
    }

    /** Both grants together. */
    public static Permissions union(Permissions a, Permissions b) {
        var publish = new HashSet<>(a.publish());
        publish.addAll(b.publish());
        var http = new ArrayList<>(a.httpAllow());
        b.httpAllow().stream().filter(h -> !http.contains(h)).forEach(http::add);
        return new Permissions(a.state() || b.state(), publish, http);
    }

    /** What {@code asked} needs that {@code granted} does not give, as tokens. */
    public static List<String> missing(List<String> asked, Permissions granted) {
        var out = new ArrayList<String>();
        for (String a : asked) {
            boolean ok;
            if (a.equals("state")) {
                ok = granted.state();
            } else if (a.equals("events")) {
                ok = !granted.publish().isEmpty();
            } else if (a.startsWith("events:")) {
                ok = granted.mayPublish(a.substring("events:".length()));
            } else if (a.equals("http")) {
                ok = !granted.httpAllow().isEmpty();
            } else if (a.startsWith("http:")) {
                ok = granted.httpAllow().contains(a.substring("http:".length()));
            } else {
                ok = false; // a permission this Sluice does not know cannot be granted
            }
            if (!ok) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Refuses when {@code asked} is not all granted, naming what to add.
     *
     * @param how how to grant, e.g. "--grant" or "\"grant\""
     */
    public static void require(CatalogEntry entry, Permissions granted, String how) {
        var missing = missing(entry.permissions(), granted);
        if (missing.isEmpty()) {
            return;
        }
        var example = missing.stream().map(Grants::example).toList();
        throw new InstallRefused(
                InstallRefused.Phase.PERMISSIONS,
                entry.label()
                        + " asks for "
                        + String.join(", ", entry.permissions())
                        + "; not granted: "
                        + String.join(", ", missing)
                        + ". Grant them explicitly with "
                        + how
                        + " "
                        + String.join(",", example)
                        + " (or in plugins."
                        + entry.name()
                        + ".permissions); nothing was installed");
    }

    private static String example(String asked) {
        return switch (asked) {
            case "events" -> "events:CHANNEL";
            case "http" -> "http:HOST:PORT";
            default -> asked;
        };
    }
}
