package io.pipelinescheduler.spring.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through the system's chromedriver, as scheduler-http's {@code
 * DashboardIT} does (nothing is downloaded; {@code -Dchromium=... -Dchromedriver=...} point
 * elsewhere), as a JUnit extension: {@code @RegisterExtension static final Chromium browser = new
 * Chromium();} starts it before the class's tests, leaves a screenshot of each test in {@code
 * target/dashboard-spring-<test>.png} and quits after them.
 */
final class Chromium implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
  private static final Duration WAIT = Duration.ofSeconds(30);

  ChromeDriver driver;
  private ChromeDriverService service;
  private Path profile;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail(
          "The dashboard test needs Chromium and chromedriver at "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ". Install them with: sudo apt-get update && sudo apt-get install -y chromium"
              + " chromium-driver (Debian/Ubuntu), or point -Dchromium=... -Dchromedriver=... at"
              + " your own.");
    }
    Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
    profile = Files.createTempDirectory("starter-dashboard-it-profile");
    Files.createDirectories(Path.of("target"));
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(new File("target/chromedriver.log"))
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1440,1000",
        "--user-data-dir=" + profile);
    driver = new ChromeDriver(service, options);
  }

  /** Waits until {@code condition} holds, failing with {@code what} after 30 s. */
  void waitUntil(String what, BooleanSupplier condition) {
    new WebDriverWait(driver, WAIT)
        .withMessage(what)
        .ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .until(d -> condition.getAsBoolean());
  }

  /** The text of the element with this id. */
  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  /** Clicks in a schedule's row, again if the periodic refresh replaced the row meanwhile. */
  void click(String scheduleName, String selector) {
    new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              row(scheduleName).findElement(By.cssSelector(selector)).click();
              return true;
            });
  }

  /** The dashboard's row of a schedule. */
  WebElement row(String name) {
    return driver.findElement(By.cssSelector("#schedules tbody tr[data-name='" + name + "']"));
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (driver != null) {
      Files.write(
          Path.of(
              "target", "dashboard-spring-" + context.getRequiredTestMethod().getName() + ".png"),
          driver.getScreenshotAs(OutputType.BYTES));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
