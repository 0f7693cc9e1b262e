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
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
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
  private static final int WIDTH = 1440;
  private static final int HEIGHT = 1000;

  /**
   * Where the screenshots of the views shown in docs/http.md go besides target/: {@code
   * -Ddashboard.screenshots.dir=../docs/images} refreshes the docs' copies.
   */
  private static final String SCREENSHOTS_DIR = System.getProperty("dashboard.screenshots.dir");

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
        "--window-size=" + WIDTH + "," + HEIGHT,
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
      if (driver.manage().window().getSize().getWidth() != WIDTH) {
        driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
      }
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
    assertThat(read(() -> historyRows().get(0).getText())).contains("MANUAL", "SUCCEEDED");
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

  @Test
  void creates_a_command_schedule_that_then_runs_and_shows_its_live_output() throws Exception {
    Path work = Files.createTempDirectory("dashboard-it-job");
    Path go = work.resolve("go");
    TestServer server = new TestServer(builder -> builder.allowCommandJobs(true));
    clockToNow(server);
    server.scheduler.schedule("existing").manual().run(ctx -> {});
    open(server);

    driver.findElement(By.id("new-schedule")).click();
    waitUntil("the editor opens", () -> driver.findElement(By.id("editor")).isDisplayed());
    type("f-name", "greet");
    type("f-description", "says hello, then waits for the go file");
    type("f-program", "sh");
    type(
        "f-arguments",
        "-c\necho hello from the form; while [ ! -f "
            + go
            + " ]; do sleep 0.05; done; echo go file seen");
    screenshot("editor");
    driver.findElement(By.id("f-save")).click();

    waitUntil("the new schedule is listed", () -> !rows("greet").isEmpty());
    assertThat(text("notice")).isEqualTo("Created schedule greet.");
    assertThat(server.scheduler.getSchedule("greet").orElseThrow().description())
        .isEqualTo("says hello, then waits for the go file");
    assertThat(read(() -> row("greet").getText())).contains("MANUAL", "never ran");

    click("greet", "button[data-action=run]");

    waitUntil(
        "the output shows while the run runs",
        () ->
            text("run-status").equals("RUNNING")
                && text("run-output").contains("hello from the form"));
    waitUntil(
        "the row shows it running",
        () -> row("greet").findElement(By.cssSelector("td.outcome")).getText().contains("RUNNING"));
    screenshot("run");
    Files.writeString(go, "go");
    waitUntil("the run succeeds", () -> text("run-status").equals("SUCCEEDED"));
    assertThat(text("run-output")).contains("hello from the form", "go file seen");
    Files.deleteIfExists(go);
    Files.deleteIfExists(work);
  }

  @Test
  void shows_the_api_validation_message_next_to_the_form_and_defines_a_job_type()
      throws IOException {
    TestServer server = new TestServer();
    server.scheduler.registerJobType("send-invoice", (ctx, params) -> {});
    server.scheduler.schedule("existing").manual().run(ctx -> {});
    open(server);

    driver.findElement(By.id("new-schedule")).click();
    type("f-name", "invoice-42");
    new Select(driver.findElement(By.id("f-timing-kind"))).selectByValue("cron");
    type("f-cron", "61 * * * *");
    new Select(driver.findElement(By.id("f-job-kind"))).selectByValue("jobType");
    type("f-job-type", "send-invoice");
    driver.findElement(By.id("f-params")).clear();
    type("f-params", "{\"id\": 42");
    driver.findElement(By.id("f-save")).click();

    waitUntil("the form says why", () -> driver.findElement(By.id("form-error")).isDisplayed());
    assertThat(text("form-error")).startsWith("The parameters are not valid JSON");
    assertThat(driver.findElement(By.id("f-params")).getAttribute("aria-invalid"))
        .isEqualTo("true");

    driver.findElement(By.id("f-params")).sendKeys("}");
    driver.findElement(By.id("f-save")).click();

    String expected =
        server
            .post(
                "/api/schedules",
                "{\"name\":\"invoice-42\",\"definition\":{\"timing\":{\"kind\":\"cron\","
                    + "\"expression\":\"61 * * * *\"},\"job\":{\"kind\":\"jobType\","
                    + "\"jobType\":\"send-invoice\",\"params\":{\"id\":42}}}}")
            .error();
    assertThat(expected).contains("invoice-42");
    waitUntil("the API's message shows", () -> text("form-error").equals(expected));
    assertThat(driver.findElement(By.id("form-error")).getAttribute("role")).isEqualTo("alert");
    assertThat(driver.findElement(By.id("f-cron")).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(driver.findElement(By.id("f-params")).getAttribute("aria-invalid")).isNull();
    assertThat(server.scheduler.getSchedule("invoice-42")).isEmpty();
    screenshot("validation");

    WebElement cron = driver.findElement(By.id("f-cron"));
    cron.clear();
    cron.sendKeys("0 9 1 * *");
    driver.findElement(By.id("f-save")).click();

    waitUntil("the schedule is listed", () -> !rows("invoice-42").isEmpty());
    assertThat(server.get("/api/schedules/invoice-42").json().path("definition").path("job"))
        .hasToString("{\"kind\":\"jobType\",\"jobType\":\"send-invoice\",\"params\":{\"id\":42}}");
  }

  @Test
  void edits_a_pipeline_schedule_keeping_what_the_form_does_not_show_then_deletes_it() {
    TestServer server = new TestServer(builder -> builder.allowCommandJobs(true));
    TestServer.Reply created =
        server.post(
            "/api/schedules",
            "{\"name\":\"nightly\",\"definition\":{\"timing\":{\"kind\":\"cron\","
                + "\"expression\":\"0 2 * * *\"},\"zone\":\"Europe/Berlin\",\"description\":\"old\","
                + "\"job\":{\"kind\":\"pipeline\",\"name\":\"nightly\",\"steps\":["
                + "{\"name\":\"extract\",\"job\":{\"program\":\"true\"}},"
                + "{\"name\":\"load\",\"continueOnFailure\":true,"
                + "\"job\":{\"program\":\"sh\",\"arguments\":[\"-c\",\"exit 3\"],"
                + "\"expectedExitCodes\":[0,3]}}]}}}");
    assertThat(created.status()).isEqualTo(201);
    open(server);

    click("nightly", "button[data-action=edit]");

    waitUntil("the editor opens", () -> driver.findElement(By.id("editor")).isDisplayed());
    assertThat(text("editor-title")).isEqualTo("Edit nightly");
    assertThat(value("f-cron")).isEqualTo("0 2 * * *");
    assertThat(value("f-zone")).isEqualTo("Europe/Berlin");
    List<WebElement> steps = driver.findElements(By.cssSelector("#f-steps .step"));
    assertThat(steps).hasSize(2);
    assertThat(steps.get(1).findElement(By.cssSelector(".step-continue")).isSelected()).isTrue();
    WebElement description = driver.findElement(By.id("f-description"));
    description.clear();
    description.sendKeys("new");
    WebElement cron = driver.findElement(By.id("f-cron"));
    cron.clear();
    cron.sendKeys("30 3 * * *");
    driver.findElement(By.id("f-save")).click();

    waitUntil("the row shows the new description", () -> row("nightly").getText().contains("new"));
    var definition = server.get("/api/schedules/nightly").json().path("definition");
    assertThat(definition.path("timing").path("expression").asText()).isEqualTo("30 3 * * *");
    assertThat(definition.path("zone").asText()).isEqualTo("Europe/Berlin");
    assertThat(definition.path("job").path("steps").get(1).path("job").path("expectedExitCodes"))
        .hasToString("[0,3]");

    click("nightly", "button[data-action=edit]");
    waitUntil("the editor opens", () -> driver.findElement(By.id("f-delete")).isDisplayed());
    driver.findElement(By.id("f-delete")).click();
    Alert confirm = new WebDriverWait(driver, WAIT).until(ExpectedConditions.alertIsPresent());
    assertThat(confirm.getText()).isEqualTo("Delete the schedule nightly? Its history is kept.");
    confirm.accept();

    waitUntil("the row is gone", () -> rows("nightly").isEmpty());
    assertThat(text("notice")).isEqualTo("Deleted schedule nightly.");
    assertThat(server.scheduler.getSchedule("nightly")).isEmpty();
  }

  @Test
  void the_graph_shows_a_chain_and_the_downstream_a_failure_holds_back() throws Exception {
    TestServer server = new TestServer(builder -> builder.allowCommandJobs(true));
    clockToNow(server);
    server.post(
        "/api/schedules",
        "["
            + chainLink("extract", "\"sh\",\"arguments\":[\"-c\",\"exit 3\"]", "")
            + ","
            + chainLink("transform", "\"true\"", "extract")
            + ","
            + chainLink("load", "\"true\"", "transform")
            + "]");
    server
        .scheduler
        .schedule("cleanup")
        .daily(LocalTime.of(3, 0))
        .timezone(ZoneId.of("Europe/Berlin"))
        .run(ctx -> {});
    server.scheduler.runNow("cleanup").get(30, java.util.concurrent.TimeUnit.SECONDS);
    for (int i = 0; i < 3; i++) {
      server.scheduler.runNow("extract").get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    open(server);
    waitUntil("health names the failing schedule", () -> text("health-status").equals("DEGRADED"));
    assertThat(text("health-running")).isEqualTo("running · failing: extract");
    screenshot("schedules");

    driver.findElement(By.id("nav-graph")).click();

    waitUntil("the chain is drawn", () -> !driver.findElements(node("load")).isEmpty());
    int extract = Integer.parseInt(driver.findElement(node("extract")).getAttribute("data-x"));
    int transform = Integer.parseInt(driver.findElement(node("transform")).getAttribute("data-x"));
    int load = Integer.parseInt(driver.findElement(node("load")).getAttribute("data-x"));
    assertThat(extract).isLessThan(transform);
    assertThat(transform).isLessThan(load);
    assertThat(edge("extract", "transform").getAttribute("class")).contains("failed-path");
    assertThat(edge("transform", "load").getAttribute("class")).contains("failed-path");
    assertThat(driver.findElement(node("extract")).getAttribute("class"))
        .contains("FAILED", "failed-root");
    assertThat(driver.findElement(node("transform")).getAttribute("class")).contains("held");
    assertThat(driver.findElement(node("load")).getAttribute("aria-label"))
        .isEqualTo("load: never ran · held back by extract");
    assertThat(text("graph-failures")).isEqualTo("extract failed; it holds back transform, load");
    assertThat(driver.findElements(By.cssSelector("#graph-unlinked button")))
        .extracting(WebElement::getText)
        .containsExactly("cleanup");
    screenshot("graph");

    ((JavascriptExecutor) driver)
        .executeScript("arguments[0].focus();", driver.findElement(node("transform")));
    keys(Keys.ENTER);

    waitUntil("the schedule's history opens", () -> text("detail-name").equals("transform"));
    assertThat(driver.findElement(By.id("nav-schedules")).getAttribute("aria-current"))
        .isEqualTo("page");
  }

  @Test
  void the_runs_view_filters_failed_runs_and_retries_one() throws Exception {
    TestServer server = new TestServer();
    clockToNow(server);
    server
        .scheduler
        .schedule("flaky")
        .manual()
        .run(
            ctx -> {
              throw new IllegalStateException(
                  "the export was not there\n" + "at step 1\n".repeat(20));
            });
    server.scheduler.schedule("steady").manual().run(ctx -> {});
    server.scheduler.runNow("flaky").get(30, java.util.concurrent.TimeUnit.SECONDS);
    server.scheduler.runNow("steady").get(30, java.util.concurrent.TimeUnit.SECONDS);
    open(server);

    driver.findElement(By.id("nav-runs")).click();
    waitUntil("every run is listed", () -> runRows().size() == 2);
    new Select(driver.findElement(By.id("runs-state"))).selectByValue("FAILED");

    waitUntil("only the failed run is listed", () -> runRows().size() == 1);
    assertThat(read(() -> runRows().get(0).getAttribute("data-schedule"))).isEqualTo("flaky");
    By error = By.cssSelector("details.error");
    assertThat(
            read(
                () ->
                    java.util.Optional.ofNullable(
                        runRows().get(0).findElement(error).getAttribute("open"))))
        .isEmpty();
    assertThat(read(() -> runRows().get(0).findElement(error).getText()))
        .isEqualTo("java.lang.IllegalStateException: the export was not there");
    screenshot("runs");

    read(
        () -> {
          runRows().get(0).findElement(By.cssSelector("button[data-action=retry]")).click();
          return true;
        });

    waitUntil(
        "a second run of flaky is recorded",
        () -> server.scheduler.getHistory("flaky", 5).size() == 2);
    waitUntil("the notice says so", () -> text("notice").startsWith("Started run "));
    waitUntil("both failures are listed", () -> runRows().size() == 2);
    assertThat(runRows())
        .allSatisfy(r -> assertThat(r.getAttribute("data-status")).isEqualTo("FAILED"));
  }

  @Test
  void a_running_schedule_shows_running_with_its_elapsed_time_and_is_cancelled_from_the_runs()
      throws Exception {
    TestServer server = new TestServer();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger count = new AtomicInteger();
    server
        .scheduler
        .schedule("slow")
        .manual()
        .run(
            ctx -> {
              if (count.incrementAndGet() > 1) {
                release.await();
              }
            });
    server.scheduler.runNow("slow").get(30, java.util.concurrent.TimeUnit.SECONDS);
    var second = server.scheduler.runNow("slow");
    try {
      org.awaitility.Awaitility.await()
          .atMost(WAIT)
          .until(() -> server.scheduler.getSchedule("slow").orElseThrow().running());
      open(server);

      String outcome = read(() -> row("slow").findElement(By.cssSelector("td.outcome")).getText());
      assertThat(outcome).matches("RUNNING for \\d.*").doesNotContain("SUCCEEDED");
      assertThat(read(() -> row("slow").findElement(By.cssSelector("td.success-rate")).getText()))
          .isEqualTo("100 %");

      driver.findElement(By.id("nav-runs")).click();
      new Select(driver.findElement(By.id("runs-state"))).selectByValue("RUNNING,QUEUED");
      waitUntil("only the running run is listed", () -> runRows().size() == 1);
      runRows().get(0).findElement(By.cssSelector("button[data-action=cancel]")).click();

      assertThat(second.get(30, java.util.concurrent.TimeUnit.SECONDS).status().name())
          .isEqualTo("CANCELLED");
      waitUntil("the running list empties", () -> runRows().isEmpty());
      assertThat(driver.findElement(By.id("no-runs")).isDisplayed()).isTrue();
    } finally {
      release.countDown();
    }
    driver.findElement(By.id("nav-schedules")).click();
    waitUntil(
        "the row shows the outcome again",
        () -> row("slow").findElement(By.cssSelector("td.outcome")).getText().equals("CANCELLED"));
  }

  @Test
  void creates_a_pipeline_of_commands_with_a_step_that_may_fail() {
    TestServer server = new TestServer(builder -> builder.allowCommandJobs(true));
    server.scheduler.schedule("existing").manual().run(ctx -> {});
    open(server);

    driver.findElement(By.id("new-schedule")).click();
    type("f-name", "etl");
    new Select(driver.findElement(By.id("f-timing-kind"))).selectByValue("daily");
    type("f-at", "02:30");
    type("f-zone", "Europe/Berlin");
    new Select(driver.findElement(By.id("f-job-kind"))).selectByValue("pipeline");
    driver.findElement(By.id("f-add-step")).click();
    List<WebElement> steps = driver.findElements(By.cssSelector("#f-steps .step"));
    assertThat(steps).hasSize(2);
    steps.get(0).findElement(By.cssSelector(".step-name")).sendKeys("extract");
    steps.get(0).findElement(By.cssSelector(".step-program")).sendKeys("true");
    steps.get(1).findElement(By.cssSelector(".step-name")).sendKeys("report");
    steps.get(1).findElement(By.cssSelector(".step-program")).sendKeys("sh");
    steps.get(1).findElement(By.cssSelector(".step-args")).sendKeys("-c\nexit 1");
    steps.get(1).findElement(By.cssSelector(".step-continue")).click();
    driver.findElement(By.id("f-save")).click();

    waitUntil("the schedule is listed", () -> !rows("etl").isEmpty());
    assertThat(read(() -> row("etl").getText())).contains("DAILY", "Europe/Berlin");
    var job = server.get("/api/schedules/etl").json().path("definition").path("job");
    assertThat(job.path("kind").asText()).isEqualTo("pipeline");
    assertThat(job.path("steps")).hasSize(2);
    assertThat(job.path("steps").get(1).path("name").asText()).isEqualTo("report");
    assertThat(job.path("steps").get(1).path("continueOnFailure").asBoolean()).isTrue();
    assertThat(job.path("steps").get(1).path("job").path("arguments"))
        .hasToString("[\"-c\",\"exit 1\"]");
  }

  @Test
  void a_failed_run_of_0_ms_is_visible_in_the_history_chart() throws Exception {
    TestServer server = new TestServer();
    AtomicInteger count = new AtomicInteger();
    server
        .scheduler
        .schedule("mixed")
        .manual()
        .run(
            ctx -> {
              if (count.incrementAndGet() == 2) {
                throw new IllegalStateException("failed at once");
              }
              server.clock.advanceWithoutWaiting(Duration.ofMinutes(5)); // a run of five minutes
            });
    for (int i = 0; i < 3; i++) {
      server.scheduler.runNow("mixed").get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(server.scheduler.getHistory("mixed", 5).get(1).duration().toMillis()).isZero();
    open(server);

    click("mixed", "button.link");

    waitUntil(
        "the chart is drawn",
        () -> driver.findElements(By.cssSelector("#chart rect.bar")).size() == 3);
    WebElement band = driver.findElement(By.cssSelector("#chart rect.fail-band.FAILED"));
    WebElement chart = driver.findElement(By.cssSelector("#chart svg"));
    assertThat(band.getRect().getHeight()).isGreaterThan(chart.getRect().getHeight() / 2);
    assertThat(read(() -> historyRows().get(1).getText())).contains("FAILED", "0 ms");
  }

  @Test
  void creates_a_schedule_with_the_keyboard_only() {
    TestServer server = new TestServer(builder -> builder.allowCommandJobs(true));
    server.scheduler.schedule("existing").manual().run(ctx -> {});
    open(server);

    tabTo("new-schedule");
    keys(Keys.ENTER);
    assertThat(focused().getAttribute("id")).isEqualTo("f-name");
    keys("by-keyboard");
    tabTo("f-program");
    keys("sh");
    keys(Keys.TAB);
    assertThat(focused().getAttribute("id")).isEqualTo("f-arguments");
    keys("-c", Keys.ENTER, "echo typed");
    tabTo("f-save");
    keys(Keys.ENTER);

    waitUntil("the schedule is listed", () -> !rows("by-keyboard").isEmpty());
    waitUntil("the focus is on its row", () -> focused().getText().equals("by-keyboard"));
    keys(Keys.ENTER);
    waitUntil("its history opens", () -> text("detail-name").equals("by-keyboard"));
    assertThat(server.get("/api/schedules/by-keyboard").json().path("definition").path("job"))
        .hasToString(
            "{\"kind\":\"command\",\"program\":\"sh\",\"arguments\":[\"-c\",\"echo typed\"],"
                + "\"environment\":{},\"expectedExitCodes\":[0],\"outputFiles\":[],"
                + "\"outputWait\":\"PT1M\",\"outputLimit\":65536}");
  }

  @Test
  void a_375_px_wide_window_has_no_horizontal_scrolling_in_any_view() throws Exception {
    TestServer server = new TestServer();
    server
        .scheduler
        .schedule("a-schedule-with-a-rather-long-name-for-a-phone")
        .cron("0 2 * * *")
        .timezone(ZoneId.of("America/New_York"))
        .run(
            ctx -> {
              throw new IllegalStateException("x".repeat(300));
            });
    server
        .scheduler
        .runNow("a-schedule-with-a-rather-long-name-for-a-phone")
        .get(30, java.util.concurrent.TimeUnit.SECONDS);
    driver.manage().window().setSize(new Dimension(375, 812));
    open(server);
    waitUntil("the window is narrow", () -> innerWidth() <= 375);

    assertNoHorizontalScroll("schedules");
    click("a-schedule-with-a-rather-long-name-for-a-phone", "button.link");
    waitUntil("the history shows", () -> historyRows().size() == 1);
    ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0);");
    screenshot("narrow");
    driver.findElement(By.id("new-schedule")).click();
    assertNoHorizontalScroll("schedules with the editor and a history");
    driver.findElement(By.id("f-cancel")).click();
    driver.findElement(By.id("nav-graph")).click();
    assertNoHorizontalScroll("graph");
    driver.findElement(By.id("nav-runs")).click();
    waitUntil("the run is listed", () -> runRows().size() == 1);
    assertNoHorizontalScroll("runs");
  }

  private void assertNoHorizontalScroll(String view) {
    Object widths =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return [document.documentElement.scrollWidth,"
                    + " document.documentElement.clientWidth];");
    assertThat((List<?>) widths)
        .as("page width and window width in view " + view)
        .satisfies(
            w ->
                assertThat(((Number) w.get(0)).longValue())
                    .isLessThanOrEqualTo(((Number) w.get(1)).longValue()));
  }

  /** Moves the server's clock to the real time, so that running times read as they would. */
  private static void clockToNow(TestServer server) {
    server.clock.advanceWithoutWaiting(
        Duration.between(server.clock.instant(), java.time.Instant.now()));
  }

  private long innerWidth() {
    return ((Number) ((JavascriptExecutor) driver).executeScript("return window.innerWidth;"))
        .longValue();
  }

  /**
   * One data-defined command schedule of a chain, run by hand, depending on {@code upstream} (none
   * when empty); {@code program} is the JSON after {@code "program":}, other command fields may
   * follow it.
   */
  private static String chainLink(String name, String program, String upstream) {
    return "{\"name\":\""
        + name
        + "\",\"definition\":{\"timing\":{\"kind\":\"manual\"},\"description\":\""
        + name
        + " step of the nightly ETL\","
        + (upstream.isEmpty() ? "" : "\"dependsOn\":[\"" + upstream + "\"],")
        + "\"job\":{\"kind\":\"command\",\"program\":"
        + program
        + "}}}";
  }

  private static By node(String name) {
    return By.cssSelector("#graph g.node[data-name='" + name + "']");
  }

  private static WebElement edge(String from, String to) {
    return driver.findElement(
        By.cssSelector("#graph path.edge[data-from='" + from + "'][data-to='" + to + "']"));
  }

  private static List<WebElement> runRows() {
    return driver.findElements(By.cssSelector("#runs tbody tr"));
  }

  private static List<WebElement> rows(String name) {
    return driver.findElements(By.cssSelector("#schedules tbody tr[data-name='" + name + "']"));
  }

  private static void type(String id, String text) {
    driver.findElement(By.id(id)).sendKeys(text);
  }

  private static String value(String id) {
    return driver.findElement(By.id(id)).getAttribute("value");
  }

  private static WebElement focused() {
    return driver.switchTo().activeElement();
  }

  private static void keys(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  /** Presses Tab until the element with this id has the focus (at most 40 times). */
  private static void tabTo(String id) {
    for (int i = 0; i < 40 && !id.equals(focused().getAttribute("id")); i++) {
      keys(Keys.TAB);
    }
    assertThat(focused().getAttribute("id")).as("focus reached by Tab").isEqualTo(id);
  }

  /** A screenshot of the window as it is, in target/ and in {@link #SCREENSHOTS_DIR} when set. */
  private static void screenshot(String view) throws IOException {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "dashboard-view-" + view + ".png"), png);
    if (SCREENSHOTS_DIR != null && !SCREENSHOTS_DIR.isBlank()) {
      Path dir = Files.createDirectories(Path.of(SCREENSHOTS_DIR));
      Files.write(dir.resolve("dashboard-" + view + ".png"), png);
    }
  }

  @Test
  void times_show_in_the_viewers_zone_and_in_the_schedules_zone_on_hover() {
    TestServer server = new TestServer();
    server
        .scheduler
        .schedule("nightly-backup")
        .cron("0 2 * * *")
        .timezone(ZoneId.of("America/New_York"))
        .run(ctx -> {});
    driver.executeCdpCommand(
        "Emulation.setTimezoneOverride", java.util.Map.of("timezoneId", "Asia/Tokyo"));
    try {
      open(server);

      WebElement next = row("nightly-backup").findElement(By.cssSelector("time"));
      assertThat(next.getText()).isEqualTo("2026-03-10 15:00:00");
      assertThat(next.getAttribute("datetime")).isEqualTo("2026-03-10T02:00:00-04:00");
      assertThat(next.getAttribute("title"))
          .isEqualTo("2026-03-10 02:00:00 America/New_York (the schedule's zone)");
      assertThat(text("viewer-zone")).startsWith("Times in your zone, Asia/Tokyo;");
    } finally {
      driver.executeCdpCommand("Emulation.setTimezoneOverride", java.util.Map.of("timezoneId", ""));
    }
  }

  @Test
  void the_form_defines_an_after_schedule_and_the_graph_draws_the_after_chain() throws Exception {
    TestServer server = new TestServer(builder -> builder.allowCommandJobs(true));
    server.scheduler.schedule("extract").manual().run(ctx -> {});
    server.scheduler.schedule("transform").after("extract").run(ctx -> {});
    open(server);

    driver.findElement(By.id("new-schedule")).click();
    type("f-name", "load");
    new Select(driver.findElement(By.id("f-timing-kind"))).selectByValue("after");
    type("f-after", "transform");
    type("f-program", "true");
    driver.findElement(By.id("f-save")).click();

    waitUntil("the schedule is listed", () -> !rows("load").isEmpty());
    assertThat(server.get("/api/schedules/load").json().path("after"))
        .hasToString("[\"transform\"]");
    server.scheduler.runNow("extract").get(30, java.util.concurrent.TimeUnit.SECONDS);
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(() -> server.scheduler.getHistory("load", 1).size() == 1);

    driver.findElement(By.id("nav-graph")).click();

    waitUntil(
        "the chain is drawn with the outcomes",
        () -> driver.findElement(node("load")).getAttribute("class").contains("SUCCEEDED"));
    assertThat(edge("extract", "transform").getAttribute("class")).contains("after");
    assertThat(edge("transform", "load").getAttribute("class")).contains("after");
    int extract = Integer.parseInt(driver.findElement(node("extract")).getAttribute("data-x"));
    int transform = Integer.parseInt(driver.findElement(node("transform")).getAttribute("data-x"));
    int load = Integer.parseInt(driver.findElement(node("load")).getAttribute("data-x"));
    assertThat(extract).isLessThan(transform);
    assertThat(transform).isLessThan(load);
    assertThat(driver.findElement(By.id("graph-failures")).isDisplayed()).isFalse();
  }

  @Test
  void a_pipeline_run_whose_continued_step_failed_shows_its_steps_and_succeeded_with_failed_steps()
      throws Exception {
    TestServer server = new TestServer();
    server.scheduler.schedule("etl").manual().run(TestServer.etlWithAFailingNotify());
    server.scheduler.runNow("etl").get(30, java.util.concurrent.TimeUnit.SECONDS);
    open(server);

    assertThat(read(() -> row("etl").findElement(By.cssSelector("td.outcome")).getText()))
        .isEqualTo("SUCCEEDED with failed steps");
    click("etl", "button.link");
    waitUntil("the history shows", () -> historyRows().size() == 1);
    historyRows().get(0).findElement(By.cssSelector("button.link")).click();

    waitUntil("the steps show", () -> driver.findElement(By.id("run-steps-box")).isDisplayed());
    assertThat(text("run-status")).isEqualTo("SUCCEEDED with failed steps");
    List<WebElement> steps = driver.findElements(By.cssSelector("#run-steps tbody tr"));
    assertThat(steps)
        .extracting(step -> step.getAttribute("data-step"))
        .containsExactly("extract", "notify", "load");
    assertThat(steps.get(1).getText()).contains("notify", "FAILED", "1");
    assertThat(steps.get(0).getText()).contains("extract", "SUCCEEDED");
    assertThat(driver.findElements(By.cssSelector("#chart rect.bar.PARTIAL"))).hasSize(1);
    screenshot("steps");
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
    return read(() -> rows().stream().map(WebElement::getText).toList());
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

  /** Reads from the page, again if the periodic refresh replaced the elements meanwhile. */
  private static <T> T read(java.util.function.Supplier<T> reading) {
    return new WebDriverWait(driver, WAIT)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> reading.get());
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
