package dev.sluice.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.catalog.Catalog;
import dev.sluice.server.catalog.CatalogEntry;
import dev.sluice.server.catalog.CatalogFixture;
import dev.sluice.server.config.SettingsLoader;
import dev.sluice.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI's catalog page in headless chromium against the real server, whose {@code catalog.url}
 * is a catalog served over HTTP and published by the real publish code: browse and search, install
 * through the confirmation dialog, a refused upgrade (the entry re-signed by an untrusted key after
 * the page was shown) with the server's reason, an upgrade by hot reload, and the phone layout.
 * With {@code -Dscreenshots=true} it writes docs/images/ui-catalog*.png.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(40);

    private static final Path FILTER_A = Fixtures.testdata("components/swap-filter-a.wasm");
    private static final Path FILTER_B = Fixtures.testdata("components/swap-filter-b.wasm");
    private static final Path COUNTER = Fixtures.example("sluice/audit-counter.wasm");

    @TempDir static Path dir;

    private static CatalogFixture catalog;
    private static SluiceServer server;
    private static ChromeDriver browser;
    private static UiSession ui;
    private static String base;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), HeadlessChromium::missing);
        CompletableFuture<ChromeDriver> starting =
                CompletableFuture.supplyAsync(chromium.get()::start);
        try {
            catalog = new CatalogFixture(dir);
            catalog.publish(COUNTER, "audit-counter", "1.0.0");
            catalog.publish(FILTER_A, "filter", "1.0.0");
            // A plugin whose publisher this server does not trust.
            CatalogEntry stranger =
                    catalog.sign(catalog.publish(FILTER_B, "stranger", "1.0.0"), false);
            catalog.rewrite(index -> index.with(stranger));
            Path settings = dir.resolve("settings.yaml");
            Files.writeString(
                    settings,
                    """
                    rest_port: 0
                    rest_address: 127.0.0.1
                    data_dir: data
                    storage: { type: memory }
                    state: { type: memory }
                    plugin:
                      max_execution_time: 5s
                    catalog:
                      url: %s
                      trusted_keys: [%s]
                      timeout: 5s
                    """
                            .formatted(catalog.serve(), catalog.publicKey));
            server = SluiceServer.start(SettingsLoader.load(settings));
        } catch (Exception e) {
            starting.thenAccept(ChromeDriver::quit);
            throw e;
        }
        token = Files.readString(dir.resolve("data/admin.token")).strip();
        base = "http://127.0.0.1:" + server.port();
        browser = starting.join();
        ui =
                new UiSession(
                        browser,
                        new WebDriverWait(browser, WAIT),
                        Boolean.getBoolean("screenshots"));
        browser.get(base + "/ui/#/catalog");
        ui.signIn(token);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (catalog != null) {
            catalog.close();
        }
    }

    @Test
    @Order(1)
    void eachEntryShowsItsContractPermissionsAndSignature() {
        WebElement counter = card("audit-counter");
        assertThat(counter.findElement(By.tagName("h2")).getText().replaceAll("\\s+", " "))
                .isEqualTo("audit-counter 1.0.0 signature valid");
        assertThat(fact(counter, "Contract")).isEqualTo("sluice:plugin@0.1.0");
        assertThat(fact(counter, "Asks for")).isEqualTo("state");
        assertThat(fact(counter, "Installed")).isEqualTo("not installed");
        assertThat(fact(counter, "Description")).isNull();
        assertThat(counter.getText()).contains("test audit-counter");

        WebElement stranger = card("stranger");
        assertThat(stranger.findElement(By.tagName("h2")).getText())
                .contains("signature untrusted");
        assertThat(stranger.findElement(By.className("refusal")).getText())
                .contains("Not installable", "does not trust", "catalog.trusted_keys");
        assertThat(stranger.findElements(By.tagName("button"))).isEmpty();
        assertThat(browser.findElement(By.linkText("Catalog")).getAttribute("aria-current"))
                .isNotNull();
    }

    @Test
    @Order(2)
    void theSearchBoxFilters() {
        WebElement search = ui.labelled("Search the catalog");
        search.sendKeys("state");
        ui.until()
                .until(
                        ExpectedConditions.numberOfElementsToBe(
                                By.cssSelector("article[data-entry]"), 1));
        assertThat(card("audit-counter").isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("catalog-count")).getText())
                .isEqualTo("1 of 3 plugins match \"state\".");
        search.clear();
        search.sendKeys("nothing-like-this");
        ui.until()
                .until(
                        ExpectedConditions.numberOfElementsToBe(
                                By.cssSelector("article[data-entry]"), 0));
        search.clear();
        // clear() fires no input event: type and erase a character so the list comes back.
        search.sendKeys(" ");
        ui.until()
                .until(
                        ExpectedConditions.numberOfElementsToBe(
                                By.cssSelector("article[data-entry]"), 3));
    }

    @Test
    @Order(3)
    void installAsksToGrantThePermissionsFirst() throws Exception {
        ui.button("Install audit-counter 1.0.0").click();
        WebElement dialog = dialog();
        assertThat(dialog.findElement(By.tagName("h2")).getText())
                .isEqualTo("Install audit-counter 1.0.0?");
        assertThat(dialog.findElements(By.cssSelector("[aria-label='Permissions to grant'] li")))
                .extracting(li -> li.getAttribute("data-permission"))
                .containsExactly("state");
        ui.screenshot("catalog-confirm");
        ui.button("Cancel").click();
        ui.until().until(ExpectedConditions.numberOfElementsToBe(By.tagName("dialog"), 0));
        assertThat(chain()).doesNotContain("audit-counter");

        ui.button("Install audit-counter 1.0.0").click();
        dialog();
        ui.button("Grant and install").click();
        ui.until()
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("install-result"),
                                "audit-counter 1.0.0 is installed and at the end of the chain."
                                        + " It may use: state."));
        assertThat(chain()).contains("audit-counter");
        assertThat(admin("/admin/plugins/audit-counter").path("sha256").asText())
                .isEqualTo(Catalog.sha256(Files.readAllBytes(COUNTER)));
        ui.until()
                .until(
                        ExpectedConditions.textToBePresentInElement(
                                card("audit-counter"), "audit-counter runs this version."));

        browser.findElement(By.linkText("Plugins")).click();
        ui.pluginRow("audit-counter");
        browser.findElement(By.linkText("Catalog")).click();
    }

    @Test
    @Order(4)
    void aRefusedUpgradeShowsTheServersReasonAndKeepsTheRunningVersion() throws Exception {
        installWithoutPermissions("filter", "1.0.0");
        String a = Catalog.sha256(Files.readAllBytes(FILTER_A));
        catalog.publish(FILTER_B, "filter", "2.0.0");
        browser.navigate().refresh();
        WebElement upgrade = ui.button("Upgrade filter to 2.0.0");
        assertThat(fact(card("filter"), "Installed")).startsWith("1.0.0 (" + a.substring(0, 12));

        // Behind the page's back, the entry is re-signed by a key the server does not trust.
        CatalogEntry resigned =
                catalog.sign(catalog.index().find("filter", "2.0.0").orElseThrow(), false);
        catalog.rewrite(index -> index.with(resigned));
        upgrade.click();
        dialog();
        ui.button("Install").click();
        WebElement refusal =
                ui.until()
                        .until(
                                ExpectedConditions.visibilityOfElementLocated(
                                        By.cssSelector("[aria-label='Install refused']")));
        String shown = refusal.getText();
        assertThat(shown)
                .contains(
                        "Installing filter 2.0.0 was refused in the trust phase.",
                        "The running version of filter (sha256 " + a.substring(0, 12),
                        "was kept and keeps serving.");
        // The server's own reason, word for word.
        JsonNode direct = adminPost("/admin/catalog/install", "{\"name\":\"filter\"}");
        assertThat(direct.path("phase").asText()).isEqualTo("trust");
        assertThat(shown).contains(direct.path("error").asText());
        assertThat(admin("/admin/plugins/filter").path("sha256").asText()).isEqualTo(a);
        // The page read the catalog again: the entry now says why it cannot be installed.
        ui.until()
                .until(
                        ExpectedConditions.textToBePresentInElement(
                                card("filter"), "signature untrusted"));
        assertThat(card("filter").findElements(By.tagName("button"))).isEmpty();
        ui.screenshot("catalog-refused");
    }

    @Test
    @Order(5)
    void anUpgradeGoesThroughTheHotReload() throws Exception {
        CatalogEntry trusted =
                catalog.sign(catalog.index().find("filter", "2.0.0").orElseThrow(), true);
        catalog.rewrite(index -> index.with(trusted));
        browser.navigate().refresh();
        ui.button("Upgrade filter to 2.0.0").click();
        dialog();
        ui.button("Install").click();
        ui.until()
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("install-result"), "filter now runs 2.0.0."));
        assertThat(admin("/admin/plugins/filter").path("sha256").asText())
                .isEqualTo(Catalog.sha256(Files.readAllBytes(FILTER_B)));
        // Both versions are listed; choosing the older one offers to go back to it.
        Select.choose(ui.labelled("Version of filter"), "1.0.0");
        ui.button("Replace with 1.0.0");
        Select.choose(ui.labelled("Version of filter"), "2.0.0");
        ui.until()
                .until(
                        ExpectedConditions.textToBePresentInElement(
                                card("filter"), "filter runs this version."));
        ui.screenshot("catalog");
    }

    @Test
    @Order(6)
    void atAPhonesWidthTheCatalogAndItsDialogFit() {
        HeadlessChromium.emulateViewport(browser, 390, 844, true);
        try {
            browser.navigate().refresh();
            card("stranger");
            assertThat(ui.sidewaysOverflow()).as("sideways overflow of the catalog").isZero();
            assertThat(card("audit-counter").getSize().getWidth()).isLessThanOrEqualTo(390);
            ui.screenshot("phone-catalog");
            // 2.0.0 runs (the test before): going back to 1.0.0 is what opens a dialog.
            Select.choose(ui.labelled("Version of filter"), "1.0.0");
            ui.button("Replace with 1.0.0").click();
            WebElement dialog = dialog();
            assertThat(dialog.getRect().getX()).isNotNegative();
            assertThat(dialog.getRect().getX() + dialog.getRect().getWidth())
                    .isLessThanOrEqualTo(390);
            ui.button("Cancel").click();
        } finally {
            HeadlessChromium.stopEmulating(browser);
        }
    }

    private static void installWithoutPermissions(String name, String version) throws Exception {
        ui.button("Install " + name + " " + version).click();
        assertThat(dialog().findElement(By.id("install-asks")).getText())
                .isEqualTo("It asks for no permissions.");
        ui.button("Install").click();
        ui.until()
                .until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("install-result"), name + " " + version + " is installed"));
    }

    private static WebElement card(String name) {
        return ui.until()
                .until(
                        ExpectedConditions.visibilityOfElementLocated(
                                By.cssSelector("article[data-entry='" + name + "']")));
    }

    private static WebElement dialog() {
        return ui.until()
                .until(ExpectedConditions.visibilityOfElementLocated(By.tagName("dialog")));
    }

    /** The value a card's fact list gives for a term, or null when it has no such term. */
    private static String fact(WebElement card, String term) {
        List<WebElement> terms = card.findElements(By.cssSelector(".facts dt"));
        List<WebElement> values = card.findElements(By.cssSelector(".facts dd"));
        for (int i = 0; i < terms.size(); i++) {
            if (terms.get(i).getText().equals(term)) {
                return values.get(i).getText();
            }
        }
        return null;
    }

    private static String chain() throws Exception {
        return admin("/admin/plugins").path("chain").toString();
    }

    private static JsonNode admin(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private static JsonNode adminPost(String path, String json) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static JsonNode send(HttpRequest.Builder request) throws Exception {
        var response =
                HTTP.send(
                        request.header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Choosing an option of a select element as a user does. */
    private static final class Select {
        static void choose(WebElement select, String value) {
            new org.openqa.selenium.support.ui.Select(select).selectByValue(value);
        }
    }
}
