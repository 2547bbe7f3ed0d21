package dev.sluice.server.cli.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.server.catalog.Catalog;
import dev.sluice.server.catalog.CatalogEntry;
import dev.sluice.server.catalog.InstallRefused;
import dev.sluice.server.catalog.Publisher;
import dev.sluice.server.catalog.PublisherKeys;
import dev.sluice.server.cli.remote.Tables;
import dev.sluice.server.config.SettingsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice catalog …}: make publisher keys, publish plugins into a catalog folder, and read a
 * catalog (docs/catalog.md). Exit status 0 when done, 1 when refused (the reason is printed), 2 for
 * a command line that cannot be acted on.
 */
@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        description = "Publish plugins into a catalog, and search one (docs/catalog.md).",
        subcommands = {
            CatalogCommand.Keygen.class,
            CatalogCommand.Publish.class,
            CatalogCommand.Search.class,
            CatalogCommand.Show.class
        })
public final class CatalogCommand implements Runnable {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A subcommand whose refusals are printed as one line and an exit status. */
    abstract static class Step implements Callable<Integer> {
        @Spec CommandSpec spec;

        abstract int run(PrintWriter out) throws Exception;

        @Override
        public Integer call() throws Exception {
            var err = spec.commandLine().getErr();
            try {
                int code = run(spec.commandLine().getOut());
                spec.commandLine().getOut().flush();
                return code;
            } catch (InstallRefused e) {
                err.println("sluice: refused (" + e.phase().label() + "): " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException | IOException e) {
                err.println("sluice: " + e.getMessage());
                return 1;
            } catch (CatalogOptions.Usage | SettingsException e) {
                err.println("sluice: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(
            name = "keygen",
            mixinStandardHelpOptions = true,
            description =
                    "Make an Ed25519 publisher key pair: BASE.key (PKCS#8 PEM, owner-only) and"
                            + " BASE.pub (X.509 PEM, to give operators for catalog.trusted_keys).")
    static final class Keygen extends Step {
        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR|BASE",
                description = "a folder (publisher.key/.pub in it) or a base path (BASE.key/.pub)")
        Path out;

        @Override
        int run(PrintWriter w) throws IOException {
            Path base = Files.isDirectory(out) ? out.resolve("publisher") : out;
            String b = base.toString().replaceFirst("\\.(key|pub)$", "");
            Path priv = Path.of(b + ".key");
            Path pub = Path.of(b + ".pub");
            var pair = PublisherKeys.generate();
            PublisherKeys.write(pair, pub, priv);
            w.println("private key: " + priv + " (owner-only; keep it secret)");
            w.println("public key:  " + pub + " (give it to operators: catalog.trusted_keys)");
            w.println("key id:      " + PublisherKeys.keyId(pair.getPublic()));
            return 0;
        }
    }

    @Command(
            name = "publish",
            description =
                    "Add FILE.wasm to a catalog folder as a signed entry (inspection fills the"
                            + " contract, world, imports and permissions asked).")
    static final class Publish extends Step {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "show this help")
        boolean help;

        @Parameters(paramLabel = "FILE.wasm", description = "the plugin")
        Path file;

        @Option(
                names = "--catalog",
                required = true,
                paramLabel = "DIR",
                description = "the catalog folder (index.json is made if absent)")
        Path catalog;

        @Option(
                names = "--key",
                required = true,
                paramLabel = "KEY",
                description = "the publisher's private key (its .pub must be beside it)")
        Path key;

        @Option(names = "--name", description = "the plugin's name (default: the file's)")
        String name;

        @Option(names = "--version", description = "the version (default: 0.1.0)")
        String version;

        @Option(names = "--description", description = "one line for people browsing")
        String description;

        @Option(
                names = "--permission",
                split = ",",
                paramLabel = "PERM",
                description =
                        "what it asks for, narrower than inspection's (e.g."
                                + " http:api.example.com:443,events:audit)")
        List<String> permissions;

        @Option(names = "--json", description = "print the entry as JSON")
        boolean json;

        @Override
        int run(PrintWriter out) throws IOException {
            Path pub = Path.of(key.toString().replaceFirst("\\.key$", "") + ".pub");
            if (!Files.exists(pub)) {
                throw new IllegalArgumentException(
                        "no public key "
                                + pub
                                + " beside "
                                + key
                                + " (sluice catalog keygen makes both)");
            }
            var publisher =
                    new Publisher(
                            catalog, PublisherKeys.readPrivate(key), PublisherKeys.readPublic(pub));
            var entry =
                    publisher.publish(
                            new Publisher.Request(file, name, version, description, permissions));
            if (json) {
                out.println(JSON.writeValueAsString(entry));
            } else {
                out.println(
                        "published "
                                + entry.label()
                                + " ("
                                + entry.contract()
                                + ", "
                                + entry.size()
                                + " bytes, sha256 "
                                + entry.sha256()
                                + ") into "
                                + catalog.resolve("index.json"));
                out.println(
                        "asks for:  "
                                + (entry.permissions().isEmpty()
                                        ? "nothing"
                                        : String.join(", ", entry.permissions())));
                out.println("signed by: " + entry.signature().keyId());
            }
            return 0;
        }
    }

    @Command(
            name = "search",
            mixinStandardHelpOptions = true,
            description =
                    "List a catalog's plugins (newest version of each), or those matching TERM.")
    static final class Search extends Step {
        @Parameters(
                arity = "0..1",
                paramLabel = "TERM",
                description = "part of a name or description")
        String term;

        @Mixin CatalogOptions options;

        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @Override
        int run(PrintWriter out) throws IOException {
            var catalog = options.catalog();
            var found = catalog.source().readIndex().search(term);
            if (json) {
                var list = new ArrayList<Map<String, Object>>();
                found.forEach(e -> list.add(view(catalog, e)));
                out.println(JSON.writeValueAsString(list));
                return 0;
            }
            var rows = new ArrayList<List<String>>();
            rows.add(
                    List.of("NAME", "VERSION", "CONTRACT", "SIGNATURE", "ASKS FOR", "DESCRIPTION"));
            for (CatalogEntry e : found) {
                rows.add(
                        List.of(
                                e.name(),
                                e.version(),
                                e.contract(),
                                catalog.keys().check(e).label(),
                                e.permissions().isEmpty() ? "-" : String.join(",", e.permissions()),
                                e.description()));
            }
            Tables.table(out, rows, Integer.MAX_VALUE);
            if (found.isEmpty()) {
                out.println(
                        term == null ? "(the catalog is empty)" : "(nothing matches " + term + ")");
            }
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show one entry: NAME (the newest) or NAME@VERSION.")
    static final class Show extends Step {
        @Parameters(paramLabel = "NAME[@VERSION]")
        String wanted;

        @Mixin CatalogOptions options;

        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @Override
        int run(PrintWriter out) throws IOException {
            var catalog = options.catalog();
            var index = catalog.source().readIndex();
            int at = wanted.indexOf('@');
            String name = at < 0 ? wanted : wanted.substring(0, at);
            String version = at < 0 ? null : wanted.substring(at + 1);
            var entry = index.find(name, version);
            if (entry.isEmpty()) {
                throw new InstallRefused(
                        InstallRefused.Phase.NOT_FOUND,
                        wanted + " is not in the catalog " + catalog.source().location());
            }
            var e = entry.get();
            if (json) {
                out.println(JSON.writeValueAsString(view(catalog, e)));
                return 0;
            }
            out.println(e.label());
            field(out, "description", e.description());
            field(out, "contract", e.contract());
            field(out, "world", e.world() == null ? "-" : e.world());
            field(out, "size", e.size() + " bytes");
            field(out, "sha256", e.sha256());
            field(out, "url", e.url());
            field(
                    out,
                    "asks for",
                    e.permissions().isEmpty() ? "nothing" : String.join(", ", e.permissions()));
            field(
                    out,
                    "signature",
                    catalog.keys().check(e).label()
                            + (e.signature() == null
                                    ? ""
                                    : " (key " + e.signature().keyId() + ")"));
            var versions =
                    index.entries().stream()
                            .filter(x -> x.name().equals(name))
                            .map(CatalogEntry::version)
                            .toList();
            field(out, "versions", String.join(", ", versions));
            out.println("imports:");
            e.imports().forEach(i -> out.println("  " + i));
            return 0;
        }
    }

    /** An entry as --json prints it: the admin API's view, with its url and imports. */
    static Map<String, Object> view(Catalog catalog, CatalogEntry e) {
        var m = catalog.view(e);
        m.put("url", e.url());
        m.put("imports", e.imports());
        return m;
    }

    private static void field(PrintWriter out, String name, String value) {
        out.printf("  %-12s %s%n", name + ":", value);
    }
}
