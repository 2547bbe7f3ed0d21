package dev.sluice.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.plugin.Permissions;
import dev.sluice.server.catalog.DirectoryInstall;
import dev.sluice.server.catalog.Grants;
import dev.sluice.server.catalog.InstallRefused;
import dev.sluice.server.cli.catalog.CatalogOptions;
import dev.sluice.server.config.SettingsException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code sluice plugin install NAME[@VERSION]}: from a catalog into a plugin folder, or through a
 * running server's {@code POST /admin/catalog/install} with {@code --server}. Every check of {@link
 * dev.sluice.server.catalog.Catalog#verify} runs first; the permissions the plugin asks for are
 * printed, and must be granted by the settings or {@code --grant}. Exit 0 when installed (or
 * unchanged), 1 when refused, 2 for a command line that cannot be acted on.
 */
@Command(
        name = "install",
        mixinStandardHelpOptions = true,
        description =
                "Install NAME (the newest) or NAME@VERSION from a catalog, verified and pinned"
                        + " (docs/catalog.md).")
public final class PluginInstallCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME[@VERSION]")
    String wanted;

    @Mixin CatalogOptions options;

    @Option(
            names = "--grant",
            split = ",",
            paramLabel = "PERM",
            description = "grant what it asks for: state, events:CHANNEL, http:HOST:PORT")
    List<String> grant = new ArrayList<>();

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "the plugin folder (default: plugin.directory of -s)")
    Path dir;

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "install through this server's admin API (it uses its catalog.url)")
    String server;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description =
                    "the admin token, with --server (default: $SLUICE_ADMIN_TOKEN, else data/admin.token)")
    Path tokenFile;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        int at = wanted.indexOf('@');
        String name = at < 0 ? wanted : wanted.substring(0, at);
        String version = at < 0 ? null : wanted.substring(at + 1);
        try {
            int code =
                    server != null ? viaServer(out, name, version) : intoFolder(out, name, version);
            out.flush();
            return code;
        } catch (InstallRefused e) {
            err.println("sluice: refused (" + e.phase().label() + "): " + e.getMessage());
            return 1;
        } catch (AdminConnection.Failure e) {
            err.println("sluice: " + e.getMessage());
            return 1;
        } catch (CatalogOptions.Usage | SettingsException e) {
            err.println("sluice: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("sluice: " + e.getMessage());
            return 2;
        }
    }

    private int intoFolder(PrintWriter out, String name, String version) {
        Path folder = dir;
        if (folder == null) {
            folder =
                    options.settings()
                            .flatMap(s -> s.pluginDirectory())
                            .orElseThrow(
                                    () ->
                                            new CatalogOptions.Usage(
                                                    "where to? pass --dir DIR, or -s a settings"
                                                            + " file with plugin.directory, or"
                                                            + " --server URL"));
        }
        Permissions fromSettings =
                options.settings()
                        .map(s -> s.settingsFor(name).permissions())
                        .orElse(Permissions.none());
        Permissions extra = Grants.parse(grant);
        var installed =
                new DirectoryInstall(options.catalog(), folder)
                        .install(name, version, Grants.union(fromSettings, extra));
        var e = installed.entry();
        var missingFromSettings = Grants.missing(Grants.tokens(extra), fromSettings);
        if (json) {
            var m = new LinkedHashMap<String, Object>();
            m.put("name", e.name());
            m.put("version", e.version());
            m.put("sha256", e.sha256());
            m.put("action", installed.action().label());
            m.put("file", installed.file().toString());
            m.put("permissions", e.permissions());
            m.put("granted", Grants.tokens(Grants.union(fromSettings, extra)));
            m.put("settings_to_add", missingFromSettings);
            out.println(PluginsCommand.pretty(AdminConnection.JSON.valueToTree(m)));
            return 0;
        }
        asks(out, e.label(), e.permissions());
        out.println(
                e.label()
                        + " "
                        + installed.action().label()
                        + ": "
                        + installed.file()
                        + " (sha256 "
                        + e.sha256()
                        + ", pinned in "
                        + folder.resolve(dev.sluice.server.catalog.Pins.LOCK_FILE)
                        + ")");
        if (!missingFromSettings.isEmpty()) {
            // A folder install cannot grant by itself: the server reads grants from its settings.
            out.println(
                    "the server grants from its settings file: add under plugins."
                            + e.name()
                            + ".permissions what --grant gave: "
                            + String.join(", ", missingFromSettings)
                            + " (see docs/catalog.md)");
        }
        return 0;
    }

    private int viaServer(PrintWriter out, String name, String version) {
        if (options.namesCatalog()) {
            throw new CatalogOptions.Usage(
                    "--server installs from the server's own catalog.url; leave out --catalog");
        }
        var admin = AdminConnection.open(server, tokenFile, PluginsCommand.environment);
        var listing = admin.get("/admin/catalog");
        for (JsonNode e : listing.path("entries")) {
            if (e.path("name").asText().equals(name)
                    && (version == null || e.path("version").asText().equals(version))) {
                var asked = new ArrayList<String>();
                e.path("permissions").forEach(p -> asked.add(p.asText()));
                if (!json) {
                    asks(out, name + "@" + e.path("version").asText(), asked);
                }
                break;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (version != null) {
            body.put("version", version);
        }
        body.put("grant", grant);
        var answer = admin.post("/admin/catalog/install", body);
        if (json) {
            out.println(PluginsCommand.pretty(answer));
            return 0;
        }
        var granted = new ArrayList<String>();
        answer.path("granted").forEach(g -> granted.add(g.asText()));
        out.println(
                answer.path("name").asText()
                        + "@"
                        + answer.path("version").asText()
                        + " "
                        + answer.path("action").asText()
                        + " on "
                        + server
                        + " (sha256 "
                        + answer.path("sha256").asText()
                        + "; granted: "
                        + (granted.isEmpty() ? "nothing" : String.join(", ", granted))
                        + ")");
        return 0;
    }

    private static void asks(PrintWriter out, String label, List<String> asked) {
        out.println(
                label + " asks for: " + (asked.isEmpty() ? "nothing" : String.join(", ", asked)));
    }
}
