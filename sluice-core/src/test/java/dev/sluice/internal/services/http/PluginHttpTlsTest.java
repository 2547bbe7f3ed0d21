package dev.sluice.internal.services.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sluice.internal.services.Denials;
import dev.sluice.internal.services.ServiceMetrics;
import dev.sluice.plugin.Permissions;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https to a local server whose certificate is for {@code tls.example.com}, reached at 127.0.0.1:
 * the connection goes to the checked address while the certificate is checked against the name.
 */
class PluginHttpTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir static Path dir;

    private static HttpsServer server;
    private static KeyStore keys;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Path store = dir.resolve("server.p12");
        var keytool =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString(),
                                "-genkeypair",
                                "-alias",
                                "server",
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                "CN=tls.example.com",
                                "-ext",
                                "san=dns:tls.example.com",
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                store.toString(),
                                "-storepass",
                                new String(PASSWORD))
                        .redirectErrorStream(true)
                        .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        var serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext(
                "/",
                exchange -> {
                    try (exchange) {
                        LocalServers.answer(exchange, 200, "secret");
                    }
                });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static PluginHttp http(String name) {
        var metrics = new ServiceMetrics("tls");
        Resolver toLoopback = host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        var grant =
                Permissions.none().withHttpAllow(List.of(name + ":" + port, "127.0.0.1:" + port));
        return new PluginHttp("tls", () -> grant, new Denials("tls", metrics), metrics, toLoopback);
    }

    private static SSLContext trusting() throws Exception {
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        var context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static PluginRequest get(String url) {
        return new PluginRequest("GET", url, List.of(), new byte[0]);
    }

    @Test
    void theJvmsTrustStoreDoesNotTrustAnUnknownCertificate() {
        var result = http("tls.example.com").send(get("https://tls.example.com:" + port + "/"));

        assertThat(result).isInstanceOf(HttpResult.Err.class);
        assertThat(((HttpResult.Err) result).message())
                .startsWith("TLS with tls.example.com:" + port + " failed: ");
        assertThat(((HttpResult.Err) result).failure()).isEqualTo(HttpResult.Failure.FAILED);
    }

    @Test
    void aTrustedCertificateIsCheckedAgainstTheNameNotTheAddress() throws Exception {
        var right = http("tls.example.com");
        right.useTls(trusting());
        var wrong = http("other.example.com");
        wrong.useTls(trusting());

        var ok = right.send(get("https://tls.example.com:" + port + "/"));
        var mismatch = wrong.send(get("https://other.example.com:" + port + "/"));

        assertThat(ok).isInstanceOf(HttpResult.Ok.class);
        assertThat(new String(((HttpResult.Ok) ok).response().body(), StandardCharsets.UTF_8))
                .isEqualTo("secret");
        assertThat(mismatch).isInstanceOf(HttpResult.Err.class);
        assertThat(((HttpResult.Err) mismatch).message())
                .startsWith("TLS with other.example.com:" + port + " failed: ")
                .contains("other.example.com");
    }
}
