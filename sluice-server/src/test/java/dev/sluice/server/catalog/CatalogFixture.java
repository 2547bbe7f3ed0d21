package dev.sluice.server.catalog;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.server.config.CatalogSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A catalog for tests, made by the real code: publisher keys from {@link PublisherKeys}, entries
 * from {@link Publisher}, the folder also served over HTTP by a JDK server on the loopback that can
 * be told to answer slowly or cut a download short.
 */
public final class CatalogFixture implements AutoCloseable {

    public final Path folder;
    public final Path key;
    public final Path publicKey;
    public final Path untrustedKey;
    public final Path untrustedPublicKey;
    private HttpServer http;

    /** How long the HTTP server waits before answering. */
    public volatile Duration delay = Duration.ZERO;

    /** When set, a plugin download sends only half its bytes (the index is sent whole). */
    public volatile boolean truncate;

    public CatalogFixture(Path root) throws IOException {
        folder = root.resolve("catalog");
        Files.createDirectories(folder);
        key = root.resolve("keys").resolve("publisher.key");
        publicKey = root.resolve("keys").resolve("publisher.pub");
        PublisherKeys.write(PublisherKeys.generate(), publicKey, key);
        untrustedKey = root.resolve("other").resolve("publisher.key");
        untrustedPublicKey = root.resolve("other").resolve("publisher.pub");
        PublisherKeys.write(PublisherKeys.generate(), untrustedPublicKey, untrustedKey);
    }

    /** Publishes with the trusted key. */
    public CatalogEntry publish(Path wasm, String name, String version) throws IOException {
        return publisher(key, publicKey)
                .publish(new Publisher.Request(wasm, name, version, "test " + name, null));
    }

    private Publisher publisher(Path priv, Path pub) throws IOException {
        return new Publisher(
                folder, PublisherKeys.readPrivate(priv), PublisherKeys.readPublic(pub));
    }

    public CatalogIndex index() throws IOException {
        Path file = folder.resolve("index.json");
        return CatalogIndex.parse(Files.readAllBytes(file), file.toString());
    }

    /** Rewrites the index as a hostile or broken catalog would. */
    public void rewrite(UnaryOperator<CatalogIndex> change) throws IOException {
        Files.write(folder.resolve("index.json"), change.apply(index()).toJson());
    }

    /** An entry re-signed by a key, as a publisher (or an attacker with that key) would. */
    public CatalogEntry sign(CatalogEntry entry, boolean trusted) throws IOException {
        Path priv = trusted ? key : untrustedKey;
        Path pub = trusted ? publicKey : untrustedPublicKey;
        return PublisherKeys.sign(
                entry, PublisherKeys.readPrivate(priv), PublisherKeys.readPublic(pub));
    }

    /**
     * {@code entry} pointed at other bytes at {@code url} (written into the catalog folder),
     * unsigned, as a catalog that swaps a published file would list it.
     */
    public CatalogEntry repoint(CatalogEntry entry, String url, byte[] bytes) throws IOException {
        Files.write(folder.resolve(url), bytes);
        return new CatalogEntry(
                entry.name(),
                entry.version(),
                entry.description(),
                entry.contract(),
                entry.world(),
                url,
                bytes.length,
                Catalog.sha256(bytes),
                entry.imports(),
                entry.permissions(),
                null);
    }

    /** Serves the folder; the index's URL. */
    public String serve() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext(
                "/",
                exchange -> {
                    try {
                        Thread.sleep(delay.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Path file = folder.resolve(exchange.getRequestURI().getPath().substring(1));
                    if (!file.normalize().startsWith(folder) || !Files.isRegularFile(file)) {
                        exchange.sendResponseHeaders(404, -1);
                        exchange.close();
                        return;
                    }
                    byte[] bytes = Files.readAllBytes(file);
                    boolean cut = truncate && file.toString().endsWith(".wasm");
                    // A cut answer is chunked and ends after half the bytes: the client sees a
                    // complete response that is shorter than the entry says.
                    exchange.sendResponseHeaders(200, cut ? 0 : bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes, 0, cut ? bytes.length / 2 : bytes.length);
                    }
                });
        http.start();
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/index.json";
    }

    /** Settings for the catalog at {@code url}, trusting the publisher key. */
    public CatalogSettings settings(String url) {
        return CatalogSettings.none()
                .withUrl(url)
                .withTrustedKeys(List.of(publicKey.toString()))
                .withTimeout(Duration.ofSeconds(5));
    }

    public Catalog catalog(String url) {
        var s = settings(url);
        return new Catalog(CatalogSource.at(url, s), TrustedKeys.of(s.trustedKeys()));
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
        }
    }
}
