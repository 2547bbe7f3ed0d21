package dev.sluice.server.catalog;

import dev.sluice.server.catalog.InstallRefused.Phase;
import dev.sluice.server.config.CatalogSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a catalog is: a folder (or index file) on disk, or an http(s) URL. It reads the index and
 * the plugins' bytes within {@code catalog.max_index}, {@code catalog.max_download} and {@code
 * catalog.timeout} (connecting, each read, and the whole transfer), never more bytes than asked.
 */
public final class CatalogSource {

    private final URI index;
    private final String shown;
    private final CatalogSettings limits;

    private CatalogSource(URI index, String shown, CatalogSettings limits) {
        this.index = index;
        this.shown = shown;
        this.limits = limits;
    }

    /**
     * A catalog at {@code location}: an http(s) URL of the index (or of its folder, ending in
     * {@code /}: then {@code index.json} there), or a folder holding {@code index.json}, or an
     * index file.
     */
    public static CatalogSource at(String location, CatalogSettings limits) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            URI uri;
            try {
                uri = URI.create(location.endsWith("/") ? location + "index.json" : location);
            } catch (IllegalArgumentException e) {
                throw new InstallRefused(
                        Phase.INDEX,
                        "the catalog " + location + " is not a URL: " + e.getMessage());
            }
            return new CatalogSource(uri, location, limits);
        }
        Path p = Path.of(location.startsWith("file:") ? URI.create(location).getPath() : location);
        Path file = Files.isDirectory(p) ? p.resolve("index.json") : p;
        return new CatalogSource(file.toAbsolutePath().normalize().toUri(), location, limits);
    }

    /** The location as given, for messages and the admin API. */
    public String location() {
        return shown;
    }

    /** The index's folder when the catalog is on disk (where publish writes). */
    public boolean onDisk() {
        return "file".equals(index.getScheme());
    }

    /**
     * Reads the index.
     *
     * @throws InstallRefused phase index: unreachable, too slow, too large, or not a catalog
     */
    public CatalogIndex readIndex() {
        byte[] bytes = fetch(index, limits.maxIndexBytes(), "catalog.max_index", Phase.INDEX, -1);
        return CatalogIndex.parse(bytes, index.toString());
    }

    /**
     * The entry's bytes, exactly {@code entry.size()} of them.
     *
     * @throws InstallRefused phase download (unreachable, too slow, too large, truncated)
     */
    public byte[] download(CatalogEntry entry) {
        URI where = resolve(entry);
        if (entry.size() > limits.maxDownloadBytes()) {
            throw new InstallRefused(
                    Phase.DOWNLOAD,
                    entry.label()
                            + " is "
                            + entry.size()
                            + " bytes, more than catalog.max_download ("
                            + limits.maxDownloadBytes()
                            + " bytes); raise it to install this plugin");
        }
        byte[] bytes = fetch(where, entry.size(), "the entry's size", Phase.DOWNLOAD, entry.size());
        if (bytes.length < entry.size()) {
            throw new InstallRefused(
                    Phase.DOWNLOAD,
                    entry.label()
                            + ": the download from "
                            + where
                            + " is truncated: "
                            + bytes.length
                            + " of "
                            + entry.size()
                            + " bytes arrived; nothing was installed");
        }
        return bytes;
    }

    /** The entry's URL against the index; one on disk must stay inside the catalog's folder. */
    URI resolve(CatalogEntry entry) {
        URI where;
        try {
            where = index.resolve(entry.url());
        } catch (IllegalArgumentException e) {
            throw new InstallRefused(
                    Phase.DOWNLOAD, entry.label() + ": url '" + entry.url() + "' is not a URL");
        }
        if ("file".equals(where.getScheme())) {
            Path folder = Path.of(index).getParent();
            if (!onDisk() || !Path.of(where).normalize().startsWith(folder)) {
                throw new InstallRefused(
                        Phase.DOWNLOAD,
                        entry.label()
                                + ": url '"
                                + entry.url()
                                + "' points outside the catalog; entries name files under it");
            }
        } else if (!"http".equals(where.getScheme()) && !"https".equals(where.getScheme())) {
            throw new InstallRefused(
                    Phase.DOWNLOAD,
                    entry.label() + ": url '" + entry.url() + "' is neither http(s) nor a file");
        }
        return where;
    }

    /** At most {@code max} bytes from {@code uri}; one more is an error naming {@code limit}. */
    private byte[] fetch(URI uri, long max, String limit, Phase phase, long expected) {
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        try (InputStream in = open(uri, phase)) {
            var out = new ByteArrayOutputStream((int) Math.min(max, 1 << 20));
            var buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > max) {
                    throw new InstallRefused(
                            expected < 0 ? phase : Phase.VERIFY,
                            uri
                                    + " is larger than "
                                    + limit
                                    + " ("
                                    + max
                                    + " bytes)"
                                    + (expected < 0
                                            ? "; raise " + limit + " to read it"
                                            : ": the bytes are not the entry's; nothing was"
                                                    + " installed"));
                }
                out.write(buffer, 0, n);
                if (System.nanoTime() > deadline) {
                    throw timedOut(uri, phase);
                }
            }
            return out.toByteArray();
        } catch (SocketTimeoutException e) {
            throw timedOut(uri, phase);
        } catch (NoSuchFileException e) {
            throw new InstallRefused(phase, "no file " + e.getFile() + " (" + uri + ")");
        } catch (IOException e) {
            throw new InstallRefused(
                    phase,
                    "cannot read "
                            + uri
                            + " ("
                            + e.getMessage()
                            + ")"
                            + (phase == Phase.DOWNLOAD ? "; nothing was installed" : ""));
        }
    }

    private InputStream open(URI uri, Phase phase) throws IOException {
        if ("file".equals(uri.getScheme())) {
            return Files.newInputStream(Path.of(uri));
        }
        var c = (HttpURLConnection) uri.toURL().openConnection();
        int millis = (int) Math.min(Integer.MAX_VALUE, limits.timeout().toMillis());
        c.setConnectTimeout(millis);
        c.setReadTimeout(millis);
        c.setInstanceFollowRedirects(true);
        int status;
        try {
            status = c.getResponseCode();
        } catch (ConnectException | UnknownHostException e) {
            throw new InstallRefused(
                    phase, "cannot reach " + uri + " (" + e.getMessage() + "); is the catalog up?");
        }
        if (status != 200) {
            c.disconnect();
            throw new InstallRefused(phase, uri + " answered HTTP " + status + ", not 200");
        }
        return c.getInputStream();
    }

    private InstallRefused timedOut(URI uri, Phase phase) {
        return new InstallRefused(
                phase,
                uri
                        + " did not answer within catalog.timeout ("
                        + limits.timeout().toMillis()
                        + " ms); nothing was installed. Check the catalog server or raise"
                        + " catalog.timeout");
    }
}
