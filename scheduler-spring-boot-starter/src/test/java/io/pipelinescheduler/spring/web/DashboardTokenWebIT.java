package io.pipelinescheduler.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.http.SchedulerHttpApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The dashboard under the application's port in a real headless Chromium, without Spring Security:
 * opened once with the token, it reads and runs with it.
 */
@SpringBootTest(
    classes = DashboardTokenWebIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pipeline.scheduler.persist-schedules=false",
      "pipeline.scheduler.http.path=/ops/scheduler/",
      "pipeline.scheduler.http.token=dashboard-token"
    })
class DashboardTokenWebIT {
  /** The application. */
  @SpringBootApplication
  static class App {}

  @RegisterExtension static final Chromium browser = new Chromium();

  @Value("${local.server.port}")
  int port;

  @Autowired PipelineScheduler scheduler;
  @Autowired SchedulerHttpApi api;

  @Test
  void opened_with_the_token_the_dashboard_reads_and_runs_under_the_path() {
    scheduler
        .schedule("hello")
        .manual()
        .run(context -> context.appendOutput("hello with the token\n"));

    browser.driver.get("http://localhost:" + port + "/ops/scheduler?token=" + api.token());
    browser.waitUntil(
        "the schedule table is filled",
        () -> !browser.driver.findElements(By.cssSelector("#schedules tbody tr")).isEmpty());
    assertThat(browser.driver.getCurrentUrl())
        .isEqualTo("http://localhost:" + port + "/ops/scheduler/");

    browser.click("hello", "button[data-action=run]");

    browser.waitUntil("the run succeeds", () -> browser.text("run-status").equals("SUCCEEDED"));
    assertThat(browser.text("run-output")).contains("hello with the token");
  }
}
