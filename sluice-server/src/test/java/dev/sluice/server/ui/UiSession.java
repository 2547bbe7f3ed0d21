package dev.sluice.server.ui;

import dev.sluice.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A browser on the web UI, finding elements by their visible labels as a user does, for the browser
 * ITs.
 *
 * @param browser the running chromium
 * @param until how long a step may take
 * @param screenshots whether {@link #screenshot} writes files (-Dscreenshots=true)
 */
record UiSession(ChromeDriver browser, WebDriverWait until, boolean screenshots) {

    void signIn(String token) {
        WebElement input = labelled("Admin token");
        input.clear();
        input.sendKeys(token);
        button("Sign in").click();
    }

    /** The input a visible label names. */
    WebElement labelled(String label) {
        WebElement l =
                until.until(
                        ExpectedConditions.visibilityOfElementLocated(
                                By.xpath("//label[normalize-space()='" + label + "']")));
        return browser.findElement(By.id(l.getAttribute("for")));
    }

    WebElement button(String text) {
        return until.until(
                ExpectedConditions.elementToBeClickable(
                        By.xpath("//button[normalize-space()='" + text + "']")));
    }

    WebElement pluginRow(String name) {
        return until.until(
                ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#plugin-table tr[data-plugin='" + name + "']")));
    }

    /** How far the page scrolls sideways (0 when it fits the window). */
    int sidewaysOverflow() {
        Object overflow =
                browser.executeScript(
                        "return document.documentElement.scrollWidth"
                                + " - document.documentElement.clientWidth");
        return ((Number) overflow).intValue();
    }

    /**
     * With -Dscreenshots=true, the whole page as it is now (not only what the window shows) into
     * docs/images/ui-NAME.png.
     */
    void screenshot(String name) {
        if (!screenshots) {
            return;
        }
        try {
            Path out = Fixtures.repositoryRoot().resolve("docs/images/ui-" + name + ".png");
            Files.createDirectories(out.getParent());
            Files.write(out, HeadlessChromium.fullPage(browser));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
