package dev.sluice.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.SettingsLoader;
import dev.sluice.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
 * The web UI in a real browser (headless chromium) against the real server on a free port: one
 * browser session walks through signing in, uploading, disabling and enabling, a failed upload and
 * the record tester, at 1280×800 and at a phone's width. Elements are found by their visible
 * labels, as a user finds them.
 *
 * <p>With {@code -Dscreenshots=true} it also writes docs/images/ui-*.png (docs/web-ui.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "webui-" + UUID.randomUUID();

    /** Generous: an upload compiles the plugin, which takes seconds on a loaded machine. */
    private static final Duration WAIT = Duration.ofSeconds(40);

    private static final boolean SCREENSHOTS = Boolean.getBoolean("screenshots");

    @TempDir static Path dir;

    private static SluiceServer server;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static String base;
    private static UiSession ui;

    @BeforeAll
    static void start() throws Exception {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), HeadlessChromium::missing);
        // The browser starts while the server compiles its plugin: both take seconds.
        CompletableFuture<ChromeDriver> starting =
                CompletableFuture.supplyAsync(chromium.get()::start);
        Path token = dir.resolve("admin.token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Path settings = dir.resolve("settings.yaml");
        Files.writeString(
                settings,
                """
                rest_port: 0
                rest_address: 127.0.0.1
                data_dir: data
                storage: { type: memory }
                plugin_paths:
                  - %s
                plugin:
                  max_execution_time: 5s
                admin:
                  token_file: admin.token
                """
                        .formatted(Fixtures.example("blink/content-filter-component.wasm")));
        try {
            server = SluiceServer.start(SettingsLoader.load(settings));
        } catch (RuntimeException e) {
            starting.thenAccept(ChromeDriver::quit);
            throw e;
        }
        base = "http://127.0.0.1:" + server.port();
        browser = starting.join();
        wait = new WebDriverWait(browser, WAIT);
        ui = new UiSession(browser, wait, SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aWrongTokenIsRefused() {
        browser.get(base + "/ui");
        screenshot("sign-in");
        signIn("not-the-token");
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(
                        By.id("sign-in-error"), "refused"));
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.id("plugin-table"))).isEmpty();
    }

    @Test
    @Order(2)
    void theRightTokenShowsThePlugins() {
        signIn(TOKEN);
        WebElement row = pluginRow("content-filter-component");
        assertThat(cell(row, "State").getText()).isEqualTo("ENABLED");
        assertThat(cell(row, "Breaker").getText()).isEqualTo("CLOSED");
        // Kept for the tab: a reload does not ask again.
        browser.navigate().refresh();
        pluginRow("content-filter-component");
    }

    @Test
    @Order(3)
    void anUploadedPluginAppearsInTheList() throws Exception {
        labelled("Plugin file (.wasm)")
                .sendKeys(Fixtures.example("blink/demo-plugin-component.wasm").toString());
        WebElement name = labelled("Plugin name");
        assertThat(name.getAttribute("value")).isEqualTo("demo-plugin-component");
        name.clear();
        name.sendKeys("audit");
        button("Upload").click();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(
                        By.id("upload-result"), "audit is loaded"));
        WebElement row = pluginRow("audit");
        assertThat(cell(row, "State").getText()).isEqualTo("ENABLED");
        assertThat(admin("GET", "/admin/plugins").path("chain").toString())
                .isEqualTo("[\"content-filter-component\",\"audit\"]");
    }

    @Test
    @Order(4)
    void disableAndEnableFromThePluginsPage() throws Exception {
        browser.findElement(By.linkText("audit")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "audit"));
        wait.until(ExpectedConditions.textToBe(By.id("plugin-state"), "ENABLED"));

        button("Disable").click();
        wait.until(ExpectedConditions.textToBe(By.id("plugin-state"), "DISABLED"));
        assertThat(admin("GET", "/admin/plugins/audit").path("status").asText())
                .isEqualTo("DISABLED");

        button("Enable").click();
        wait.until(ExpectedConditions.textToBe(By.id("plugin-state"), "ENABLED"));
        assertThat(admin("GET", "/admin/plugins/audit").path("status").asText())
                .isEqualTo("ENABLED");
        screenshot("plugin");
    }

    @Test
    @Order(5)
    void aFailedUploadShowsWhyAndTheOldVersionKeepsServing() throws Exception {
        String before = admin("GET", "/admin/plugins/audit").path("sha256").asText();
        Path broken = dir.resolve("broken.wasm");
        // The wasm magic and version, then a section that ends before its stated size.
        Files.write(broken, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 100, 0});
        labelled("New version (.wasm)").sendKeys(broken.toString());
        button("Upload new version").click();
        WebElement failure =
                wait.until(
                        ExpectedConditions.visibilityOfElementLocated(
                                By.cssSelector(
                                        "#new-version-result [aria-label='Upload failed']")));
        String shown = failure.getText();
        assertThat(shown).contains("Upload failed", "rolled back", "keeps serving");
        JsonNode after = admin("GET", "/admin/plugins/audit");
        assertThat(after.path("sha256").asText()).isEqualTo(before);
        assertThat(after.path("status").asText()).isEqualTo("ENABLED");
        // The server's own reason, word for word.
        JsonNode refused = adminUpload("audit", broken);
        assertThat(shown).contains(refused.path("error").asText(), refused.path("phase").asText());
        screenshot("failed-upload");
    }

    @Test
    @Order(6)
    void theConfigEditorSavesAndReloadKeepsIt() throws Exception {
        button("Add setting").click();
        browser.findElement(By.cssSelector("[aria-label='Config key 1']")).sendKeys("greeting");
        browser.findElement(By.cssSelector("[aria-label='Config value 1']"))
                .sendKeys("hello, world");
        button("Save config").click();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("form[aria-label='Config editor'] [role=status]"), "Saved"));
        assertThat(admin("GET", "/admin/plugins/audit").path("config").toString())
                .isEqualTo("{\"greeting\":\"hello, world\"}");

        button("Reload").click();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(
                        By.id("action-result"), "audit was reloaded"));
        assertThat(admin("GET", "/admin/plugins/audit").path("config").path("greeting").asText())
                .isEqualTo("hello, world");
    }

    @Test
    @Order(7)
    void theRecordTesterShowsEachPluginsVerdict() {
        browser.findElement(By.linkText("Record tester")).click();
        WebElement value = labelled("Value");
        value.sendKeys("my password is hunter2");
        button("Run dry run").click();
        WebElement verdict =
                wait.until(
                        ExpectedConditions.visibilityOfElementLocated(
                                By.cssSelector("[aria-label='Chain verdict'] li")));
        assertThat(verdict.getText())
                .isEqualTo(
                        "reject by content-filter-component: rejected: value contains a password");
        WebElement step =
                browser.findElement(
                        By.cssSelector("table.steps tr[data-plugin='content-filter-component']"));
        assertThat(cell(step, "Log").getText())
                .contains("WARN rejected: value contains a password");
        assertThat(cell(step, "Time").getText()).matches("\\d+\\.\\d{3} ms");
        // The rejected record went no further: audit never saw it.
        assertThat(browser.findElements(By.cssSelector("table.steps tr[data-plugin='audit']")))
                .isEmpty();
        screenshot("tester");

        value.clear();
        value.sendKeys("fine");
        button("Run dry run").click();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[aria-label='Chain verdict'] li"), "accept"));
        assertThat(browser.findElements(By.cssSelector("table.steps tbody tr"))).hasSize(2);
    }

    @Test
    @Order(8)
    void atAPhonesWidthNothingOverflowsSideways() {
        HeadlessChromium.emulateViewport(browser, 390, 844, true);
        try {
            for (String page : List.of("#/plugins", "#/plugins/audit", "#/tester")) {
                browser.get(base + "/ui/" + page);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
                if (page.equals("#/plugins")) {
                    WebElement row = pluginRow("audit");
                    // The table became one card per plugin, each value labelled.
                    assertThat(
                                    browser.findElement(By.cssSelector("table.plugins thead"))
                                            .isDisplayed())
                            .isFalse();
                    assertThat(row.getSize().getWidth()).isLessThanOrEqualTo(390);
                    screenshot("phone-plugins");
                } else if (page.equals("#/plugins/audit")) {
                    wait.until(ExpectedConditions.textToBe(By.id("plugin-state"), "ENABLED"));
                }
                assertThat(ui.sidewaysOverflow()).as("sideways overflow on %s", page).isZero();
            }
        } finally {
            HeadlessChromium.stopEmulating(browser);
        }
    }

    /** Only for the docs' screenshots: the list and its chart with some traffic to show. */
    @Test
    @Order(9)
    void screenshotOfTheListUnderTraffic() throws Exception {
        assumeTrue(SCREENSHOTS, "only with -Dscreenshots=true");
        browser.get(base + "/ui/#/plugins");
        pluginRow("audit");
        long end = System.nanoTime() + Duration.ofSeconds(16).toNanos();
        for (int i = 0; System.nanoTime() < end; i++) {
            String value = i % 7 == 0 ? "password " + i : "order " + i;
            HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/produce"))
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            JSON.writeValueAsString(
                                                    Map.of("topic", "orders", "value", value))))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            Thread.sleep(20);
        }
        // The page refreshes every 5 s: wait for a refresh that shows the traffic.
        Thread.sleep(6000);
        screenshot("plugins");
    }

    @Test
    @Order(10)
    void deleteAsksFirstThenTheListNoLongerHasIt() throws Exception {
        browser.get(base + "/ui/#/plugins/audit");
        wait.until(ExpectedConditions.textToBe(By.id("plugin-state"), "ENABLED"));
        button("Delete").click();
        button("Keep it").click();
        assertThat(admin("GET", "/admin/plugins").path("chain").toString()).contains("audit");

        button("Delete").click();
        button("Yes, delete audit").click();
        pluginRow("content-filter-component");
        wait.until(
                ExpectedConditions.numberOfElementsToBe(
                        By.cssSelector("#plugin-table tr[data-plugin='audit']"), 0));
        assertThat(admin("GET", "/admin/plugins").path("chain").toString())
                .isEqualTo("[\"content-filter-component\"]");
    }

    private static void signIn(String token) {
        ui.signIn(token);
    }

    private static WebElement pluginRow(String name) {
        return ui.pluginRow(name);
    }

    private static WebElement cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("[data-label='" + column + "']"));
    }

    private static WebElement labelled(String label) {
        return ui.labelled(label);
    }

    private static WebElement button(String text) {
        return ui.button(text);
    }

    private static JsonNode admin(String method, String path) throws Exception {
        var request =
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode adminUpload(String name, Path file) throws Exception {
        var request =
                HttpRequest.newBuilder(URI.create(base + "/admin/plugins/" + name))
                        .header("Authorization", "Bearer " + TOKEN)
                        .PUT(HttpRequest.BodyPublishers.ofFile(file))
                        .build();
        var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(422);
        return JSON.readTree(response.body());
    }

    private static void screenshot(String name) {
        ui.screenshot(name);
    }
}
