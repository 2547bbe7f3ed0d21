package dev.sluice.server.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and its chromedriver (scripts/install-browser.sh installs both), run headless.
 * Both paths are given to Selenium, so it never looks for or downloads a browser of its own.
 *
 * @param browser the chromium binary
 * @param driver the chromedriver binary
 */
record HeadlessChromium(Path browser, Path driver) {

    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser");

    /** The browser and driver on the PATH (or in /usr/bin), or why there are none. */
    static Optional<HeadlessChromium> find() {
        return onPath(BROWSERS).flatMap(b -> onPath(List.of("chromedriver")).map(d -> of(b, d)));
    }

    private static HeadlessChromium of(Path browser, Path driver) {
        return new HeadlessChromium(browser, driver);
    }

    static String missing() {
        return "no chromium and chromedriver on the PATH: run scripts/install-browser.sh (as root) to"
                + " install Debian's chromium and chromium-driver; the web UI's browser tests are"
                + " skipped";
    }

    /** A new browser with a 1280×800 window. */
    ChromeDriver start() {
        var options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments(
                "--headless=new",
                // Tests run as root in CI, where chromium's sandbox cannot start.
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--window-size=1280,800");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile());
        return new ChromeDriver(service.build(), options);
    }

    /** Makes the page's viewport {@code width}×{@code height} CSS pixels, as a phone's. */
    static void emulateViewport(ChromeDriver browser, int width, int height, boolean mobile) {
        browser.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width", width,
                        "height", height,
                        "deviceScaleFactor", 1,
                        "mobile", mobile));
    }

    static void stopEmulating(ChromeDriver browser) {
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** A PNG of the whole page, scrolled parts included. */
    static byte[] fullPage(ChromeDriver browser) {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        var content = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> shot =
                browser.executeCdpCommand(
                        "Page.captureScreenshot",
                        Map.of(
                                "format",
                                "png",
                                "captureBeyondViewport",
                                true,
                                "clip",
                                Map.of(
                                        "x", 0,
                                        "y", 0,
                                        "width", content.get("width"),
                                        "height", content.get("height"),
                                        "scale", 1)));
        return Base64.getDecoder().decode((String) shot.get("data"));
    }

    private static Optional<Path> onPath(List<String> names) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin";
        for (String name : names) {
            for (String dir : path.split(":")) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
