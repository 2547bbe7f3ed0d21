package dev.sluice.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.plugin.Permissions;
import dev.sluice.server.catalog.InstallRefused.Phase;
import dev.sluice.testing.Fixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Installing from a catalog into a plugin folder, against a catalog on disk and the same catalog
 * served over HTTP, with example plugins published by the real publish code. Every refusal leaves
 * the folder as it was.
 */
class CatalogInstallTest {

    private static final Path COUNTER = Fixtures.example("sluice/audit-counter.wasm");
    private static final Path FILTER_A = Fixtures.testdata("components/swap-filter-a.wasm");
    private static final Path FILTER_B = Fixtures.testdata("components/swap-filter-b.wasm");
    private static final Path ECHO = Fixtures.testdata("blink-echo.wasm");

    @TempDir Path dir;
    private CatalogFixture fixture;
    private String httpUrl;
    private Path plugins;

    @BeforeEach
    void publish() throws Exception {
        fixture = new CatalogFixture(dir);
        fixture.publish(COUNTER, "audit-counter", "1.0.0");
        fixture.publish(FILTER_A, "filter", "1.0.0");
        fixture.publish(ECHO, "echo", "1.0.0");
        httpUrl = fixture.serve();
        plugins = dir.resolve("plugins");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private String url(String where) {
        return where.equals("http") ? httpUrl : fixture.folder.toString();
    }

    private DirectoryInstall.Installed install(String where, String name, String version) {
        return new DirectoryInstall(fixture.catalog(url(where)), plugins)
                .install(name, version, Permissions.none());
    }

    /** Refused in this phase, and the plugin folder holds what it held before. */
    private void refused(Phase phase, String message, ThrowingCallable install) throws IOException {
        var before = listing();
        assertThatThrownBy(install)
                .isInstanceOfSatisfying(
                        InstallRefused.class,
                        e -> {
                            assertThat(e.phase()).isEqualTo(phase);
                            assertThat(e.getMessage()).contains(message);
                        });
        assertThat(listing()).isEqualTo(before);
    }

    private List<String> listing() throws IOException {
        if (!Files.isDirectory(plugins)) {
            return List.of();
        }
        var all = new ArrayList<String>();
        try (var files = Files.list(plugins)) {
            for (Path p : files.sorted().toList()) {
                all.add(p.getFileName() + " " + Catalog.sha256(Files.readAllBytes(p)));
            }
        }
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "http"})
    void aSignedEntryInstallsAndIsPinnedThenAnUpgradeReplacesIt(String where) throws Exception {
        var first = install(where, "filter", null);
        assertThat(first.action()).isEqualTo(DirectoryInstall.Action.INSTALLED);
        assertThat(Files.readAllBytes(plugins.resolve("filter.wasm")))
                .isEqualTo(Files.readAllBytes(FILTER_A));
        var pins = Pins.read(plugins.resolve(Pins.LOCK_FILE));
        assertThat(pins.installed("filter").orElseThrow().sha256())
                .isEqualTo(first.entry().sha256());
        assertThat(pins.installed("filter").orElseThrow().keyId())
                .isEqualTo(PublisherKeys.keyId(PublisherKeys.readPublic(fixture.publicKey)));

        assertThat(install(where, "filter", "1.0.0").action())
                .isEqualTo(DirectoryInstall.Action.UNCHANGED);
        fixture.publish(FILTER_B, "filter", "1.1.0");
        var upgrade = install(where, "filter", null);
        assertThat(upgrade.action()).isEqualTo(DirectoryInstall.Action.UPGRADED);
        assertThat(upgrade.entry().version()).isEqualTo("1.1.0");
        assertThat(Files.readAllBytes(plugins.resolve("filter.wasm")))
                .isEqualTo(Files.readAllBytes(FILTER_B));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "http"})
    void theAskedPermissionsMustBeGranted(String where) throws Exception {
        refused(Phase.PERMISSIONS, "--grant state", () -> install(where, "audit-counter", null));
        var ok =
                new DirectoryInstall(fixture.catalog(url(where)), plugins)
                        .install("audit-counter", null, Grants.parse(List.of("state")));
        assertThat(ok.entry().permissions()).containsExactly("state");
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "http"})
    void aTamperedEntryIsRefused(String where) throws Exception {
        fixture.rewrite(
                index ->
                        index.with(
                                index.find("echo", null)
                                        .orElseThrow()
                                        .withDescription("harmless")));
        refused(Phase.SIGNATURE, "changed after signing", () -> install(where, "echo", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "http"})
    void anEntryResignedByAnUntrustedKeyIsRefused(String where) throws Exception {
        var entry = fixture.index().find("echo", null).orElseThrow();
        var resigned = fixture.sign(entry, false);
        fixture.rewrite(index -> index.with(resigned));
        refused(Phase.TRUST, "not trusted here", () -> install(where, "echo", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "http"})
    void anUnsignedEntryIsRefused(String where) throws Exception {
        var entry = fixture.index().find("echo", null).orElseThrow();
        fixture.rewrite(index -> index.with(entry.signed(null)));
        refused(Phase.SIGNATURE, "not signed", () -> install(where, "echo", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "http"})
    void aReplacedBinaryBehindAnEntryFailsTheHash(String where) throws Exception {
        var entry = fixture.index().find("echo", null).orElseThrow();
        byte[] other = Files.readAllBytes(ECHO);
        other[other.length - 1] ^= 1; // same size, other bytes
        Files.write(fixture.folder.resolve(entry.url()), other);
        refused(Phase.VERIFY, "not the entry's sha256", () -> install(where, "echo", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "http"})
    void aPinnedVersionWhoseBytesChangedIsRefusedEvenWhenSignedByTheTrustedKey(String where)
            throws Exception {
        install(where, "filter", "1.0.0");
        // The publisher (or whoever holds the key) points filter@1.0.0 at other bytes.
        var entry = fixture.index().find("filter", "1.0.0").orElseThrow();
        var changed =
                fixture.sign(
                        fixture.repoint(entry, entry.url(), Files.readAllBytes(FILTER_B)), true);
        fixture.rewrite(index -> index.with(changed));
        refused(
                Phase.PIN,
                "the bytes behind a published version changed",
                () -> install(where, "filter", "1.0.0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "http"})
    void bytesThatAreNotAPluginFailValidation(String where) throws Exception {
        byte[] junk = "not a wasm module at all".getBytes();
        Files.write(fixture.folder.resolve("plugins/junk.wasm"), junk);
        var entry =
                fixture.sign(
                        new CatalogEntry(
                                "junk",
                                "1.0.0",
                                "",
                                "blink:plugin@0.1.0",
                                null,
                                "plugins/junk.wasm",
                                junk.length,
                                Catalog.sha256(junk),
                                List.of(),
                                List.of(),
                                null),
                        true);
        fixture.rewrite(index -> index.with(entry));
        refused(Phase.VALIDATE, "not a valid plugin", () -> install(where, "junk", null));
    }

    @Test
    void aTruncatedDownloadIsRefused() throws Exception {
        fixture.truncate = true;
        refused(Phase.DOWNLOAD, "truncated", () -> install("http", "filter", null));
    }

    @Test
    void aSlowServerTimesOut() throws Exception {
        fixture.delay = Duration.ofSeconds(3);
        var s = fixture.settings(httpUrl).withTimeout(Duration.ofMillis(300));
        var catalog = new Catalog(CatalogSource.at(httpUrl, s), TrustedKeys.of(s.trustedKeys()));
        refused(
                Phase.INDEX,
                "did not answer within catalog.timeout",
                () ->
                        new DirectoryInstall(catalog, plugins)
                                .install("echo", null, Permissions.none()));
    }

    @Test
    void anUnreachableServerIsNamed() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String url = "http://127.0.0.1:" + port + "/index.json";
        refused(
                Phase.INDEX,
                "cannot reach " + url,
                () ->
                        fixture.catalog(url)
                                .verify(
                                        "echo",
                                        null,
                                        new Pins(List.of()),
                                        Permissions.none(),
                                        "--grant"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "http"})
    void anIndexThatIsNotJsonOrTooLargeIsRefused(String where) throws Exception {
        Path index = fixture.folder.resolve("index.json");
        byte[] good = Files.readAllBytes(index);
        Files.writeString(index, "<html>not json</html>");
        refused(Phase.INDEX, "is not a sluice catalog's JSON", () -> install(where, "echo", null));
        Files.write(index, good);
        var s = fixture.settings(url(where)).withLimits(good.length - 1, 1 << 20);
        var small = new Catalog(CatalogSource.at(url(where), s), TrustedKeys.of(s.trustedKeys()));
        refused(
                Phase.INDEX,
                "larger than catalog.max_index",
                () ->
                        new DirectoryInstall(small, plugins)
                                .install("echo", null, Permissions.none()));
    }

    @Test
    void aDownloadOverTheLimitIsRefusedBeforeFetching() throws Exception {
        var s = fixture.settings(httpUrl).withLimits(1 << 20, 100);
        var small = new Catalog(CatalogSource.at(httpUrl, s), TrustedKeys.of(s.trustedKeys()));
        refused(
                Phase.DOWNLOAD,
                "more than catalog.max_download",
                () ->
                        new DirectoryInstall(small, plugins)
                                .install("filter", null, Permissions.none()));
    }

    @Test
    void anEntryCannotPointOutsideAFolderCatalog() throws Exception {
        var entry = fixture.index().find("echo", null).orElseThrow();
        // The right bytes, beside the catalog folder rather than in it.
        var escaping =
                fixture.sign(
                        fixture.repoint(entry, "../outside.wasm", Files.readAllBytes(ECHO)), true);
        fixture.rewrite(index -> index.with(escaping));
        refused(Phase.DOWNLOAD, "points outside the catalog", () -> install("disk", "echo", null));
    }

    @Test
    void publishingOtherBytesUnderAPublishedVersionIsRefused() throws Exception {
        assertThatThrownBy(() -> fixture.publish(FILTER_B, "filter", "1.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("new --version");
        assertThat(fixture.index().find("filter", "1.0.0").orElseThrow().sha256())
                .isEqualTo(Catalog.sha256(Files.readAllBytes(FILTER_A)));
    }

    @Test
    void theSignatureCoversExactlyTheDocumentedBytes() throws Exception {
        var entry = fixture.index().find("echo", null).orElseThrow();
        String signed = new String(entry.signedBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(signed)
                .startsWith(
                        "sluice-catalog/1\n{\"contract\":\"blink:plugin@0.1.0\",\"description\":")
                .endsWith(",\"version\":\"1.0.0\",\"world\":null}")
                .doesNotContain("signature")
                .doesNotContain(" :");
        assertThat(
                        Arrays.asList(
                                TrustedKeys.of(List.of(fixture.publicKey.toString())).check(entry)))
                .containsExactly(SignatureState.VALID);
    }
}
