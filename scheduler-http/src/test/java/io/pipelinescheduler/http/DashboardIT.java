package io.pipelinescheduler.http;

import static io.pipelinescheduler.http.TestServer.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.HolidayCalendar;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium, driven by Selenium through the system's chromedriver
 * (Selenium Manager is never asked to download a driver or a browser). Screenshots go to {@code
 * target/dashboard-*.png}.
 */
class DashboardIT {
  private static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

  private static Path profile;
  private static ChromeDriverService service;
  private static ChromeDriver driver;

  private TestServer t;

  @BeforeAll
  static void startBrowser() throws IOException {
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
    SELENIUM_LOG.setLevel(Level.SEVERE); // no "CDP version not found" noise: CDP is not used
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    profile = Files.createTempDirectory("dashboard-it-profile");
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

  @AfterAll
  static void stopBrowser() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @AfterEach
  void stopServer(TestInfo test) throws IOException {
    if (driver != null) {
      Files.createDirectories(Path.of("target"));
      Path shot =
          Path.of("target", "dashboard-" + test.getTestMethod().orElseThrow().getName() + ".png");
      Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
    }
    if (t != null) {
      t.close();
    }
  }

  /** Opens the dashboard as the server's log tells a user to: with its token, once. */
  private void open(TestServer server) {
    open(server, server.server.urlWithToken().toString());
  }

  private void open(TestServer server, String address) {
    t = server;
    driver.get(address);
    waitUntil("the schedule table is filled", () -> !rows().isEmpty());
  }

  @Test
  void shows_the_schedules_and_a_run_started_with_run_now_with_its_output() throws IOException {
    TestServer server = new TestServer();
    server.scheduler.schedule("hello").manual().run(echo("hello from the dashboard"));
    server
        .scheduler
        .schedule("nightly-backup")
        .cron("0 2 * * *")
        .timezone(ZoneId.of("America/New_York"))
        .run(CommandJob.of("true"));
    server.scheduler.scheduleDaily("report", ctx -> {}, 9, 30, ZoneId.of("Europe/Berlin"));
    server.scheduler.disable("report");
    addEtlHistory(server);
    open(server);

    assertThat(rowTexts())
        .anySatisfy(text -> assertThat(text).contains("hello", "MANUAL", "UTC", "never ran"))
        .anySatisfy(text -> assertThat(text).contains("nightly-backup", "CRON", "America/New_York"))
        .anySatisfy(text -> assertThat(text).contains("report", "DAILY", "Europe/Berlin", "no"))
        .anySatisfy(text -> assertThat(text).contains("etl", "INTERVAL", "FAILED"));
    waitUntil("health is shown", () -> text("health-status").equals("UP"));
    assertThat(text("success-rate")).isEqualTo("75.0 %");
    assertThat(driver.getCurrentUrl()).doesNotContain("token");
    assertThat(
            ((JavascriptExecutor) driver)
                .executeScript("return sessionStorage.getItem('pipeline-scheduler-token');"))
        .isEqualTo(server.server.token());

    click("hello", "button[data-action=run]");

    waitUntil("the run succeeds", () -> text("run-status").equals("SUCCEEDED"));
    assertThat(text("run-output")).contains("hello from the dashboard");
    assertThat(text("run-schedule")).isEqualTo("hello");
    assertThat(text("run-trigger")).isEqualTo("MANUAL");
    waitUntil("the run is in the history", () -> historyRows().size() == 1);
    assertThat(historyRows().get(0).getText()).contains("MANUAL", "SUCCEEDED");
    waitUntil("the table shows the outcome", () -> row("hello").getText().contains("SUCCEEDED"));
    assertThat(server.scheduler.getHistory("hello", 5)).hasSize(1);

    click("etl", "button.link");

    waitUntil("the etl history is shown", () -> historyRows().size() == 12);
    assertThat(driver.findElements(By.cssSelector("#chart rect.bar"))).hasSize(12);
    assertThat(driver.findElements(By.cssSelector("#chart rect.bar.FAILED"))).hasSize(3);
    assertThat(text("detail-name")).isEqualTo("etl");
  }

  @Test
  void disable_and_enable_buttons_switch_the_schedule() {
    TestServer server = new TestServer();
    server.scheduler.scheduleHourly("hourly-sync", ctx -> {}, 15);
    open(server);

    click("hourly-sync", "button[data-action=disable]");

    waitUntil(
        "the row shows it disabled",
        () ->
            !row("hourly-sync")
                .findElements(By.cssSelector("button[data-action=enable]"))
                .isEmpty());
    assertThat(server.scheduler.getSchedule("hourly-sync").orElseThrow().enabled()).isFalse();

    click("hourly-sync", "button[data-action=enable]");

    waitUntil(
        "the row shows it enabled",
        () ->
            !row("hourly-sync")
                .findElements(By.cssSelector("button[data-action=disable]"))
                .isEmpty());
    assertThat(server.scheduler.getSchedule("hourly-sync").orElseThrow().enabled()).isTrue();
  }

  @Test
  void the_detail_of_a_schedule_shows_the_dates_its_holiday_calendar_skips() {
    TestServer server = new TestServer();
    server
        .scheduler
        .schedule("payroll")
        .daily(LocalTime.of(9, 0))
        .businessDays(HolidayCalendar.of(LocalDate.of(2030, 12, 24)))
        .run(ctx -> {});
    server.scheduler.schedule("plain").manual().run(ctx -> {});
    open(server);

    click("payroll", "button.link");
    waitUntil(
        "the holidays show", () -> driver.findElement(By.id("detail-holidays")).isDisplayed());
    String holidays = text("detail-holidays");
    click("plain", "button.link");
    waitUntil(
        "the holidays line hides",
        () -> !driver.findElement(By.id("detail-holidays")).isDisplayed());

    assertThat(holidays).isEqualTo("Skips Saturdays and Sundays; 2030-12-24 · next: 2030-12-24");
  }

  @Test
  void a_running_run_is_polled_and_can_be_cancelled() {
    TestServer server = new TestServer();
    server.scheduler.schedule("sleeper").manual().run(CommandJob.of("sleep", "60"));
    open(server);

    click("sleeper", "button[data-action=run]");

    waitUntil("the run shows RUNNING", () -> text("run-status").equals("RUNNING"));
    WebElement cancel = driver.findElement(By.id("cancel-run"));
    waitUntil("the cancel button shows", cancel::isDisplayed);
    cancel.click();
    waitUntil("the run ends CANCELLED", () -> text("run-status").equals("CANCELLED"));
    assertThat(cancel.isDisplayed()).isFalse();
    waitUntil(
        "the history shows it CANCELLED",
        () -> historyRows().size() == 1 && historyRows().get(0).getText().contains("CANCELLED"));
    assertThat(server.scheduler.getHistory("sleeper", 1).get(0).status().name())
        .isEqualTo("CANCELLED");
  }

  @Test
  void with_a_token_the_dashboard_asks_for_it_once_and_keeps_it_for_the_tab() {
    TestServer server = new TestServer(builder -> builder.token("dash-token"));
    server.scheduler.schedule("guarded").manual().run(echo("guarded run"));
    open(server, server.server.url().toString());

    click("guarded", "button[data-action=run]");

    WebElement dialog = driver.findElement(By.id("token-dialog"));
    waitUntil("the token dialog opens", dialog::isDisplayed);
    driver.findElement(By.id("token-input")).sendKeys("dash-token");
    driver.findElement(By.id("token-save")).click();
    waitUntil("the run succeeds", () -> text("run-status").equals("SUCCEEDED"));
    assertThat(text("run-output")).contains("guarded run");
    Object stored =
        ((JavascriptExecutor) driver)
            .executeScript("return sessionStorage.getItem('pipeline-scheduler-token');");
    assertThat(stored).isEqualTo("dash-token");

    click("guarded", "button[data-action=run]");

    waitUntil(
        "a second run is recorded", () -> server.scheduler.getHistory("guarded", 5).size() == 2);
    assertThat(dialog.isDisplayed()).isFalse();
  }

  /** Twelve runs of "etl", one a minute, of varied length; every fourth fails. */
  private static void addEtlHistory(TestServer server) {
    AtomicInteger count = new AtomicInteger();
    server.scheduler.scheduleInterval(
        "etl",
        ctx -> {
          int n = count.incrementAndGet();
          ctx.logger().info("batch {} started", n);
          Thread.sleep(20 + (n * 37L) % 160);
          if (n % 4 == 0) {
            throw new IllegalStateException("upstream export " + n + " is not ready");
          }
          ctx.appendOutput("batch " + n + " loaded\n");
        },
        Duration.ofMinutes(1));
    server.clock.advance(Duration.ofMinutes(12));
  }

  private List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#schedules tbody tr"));
  }

  private List<String> rowTexts() {
    return rows().stream().map(WebElement::getText).toList();
  }

  private static WebElement row(String name) {
    return driver.findElement(By.cssSelector("#schedules tbody tr[data-name='" + name + "']"));
  }

  /** Clicks in a schedule's row, again if the periodic refresh replaced the row meanwhile. */
  private static void click(String scheduleName, String selector) {
    new WebDriverWait(driver, WAIT)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d -> {
              row(scheduleName).findElement(By.cssSelector(selector)).click();
              return true;
            });
  }

  private List<WebElement> historyRows() {
    return driver.findElements(By.cssSelector("#history tbody tr"));
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private static void waitUntil(String what, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, WAIT)
        .withMessage(what)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .until(d -> condition.getAsBoolean());
  }
}
