package io.pipelinescheduler.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.PipelineScheduler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The dashboard under the application's port in a real headless Chromium: a user signs in through
 * the application's own login form (Boot's default chain), then opens /scheduler/; the starter's
 * chain reads the session. An operator's Run now runs the schedule; a viewer's is refused.
 */
@SpringBootTest(
    classes = DashboardSecurityWebIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.autoconfigure.exclude=", "pipeline.scheduler.persist-schedules=false"})
class DashboardSecurityWebIT {
  /** The application and its users. */
  @SpringBootApplication
  static class App {
    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("viewer").password("{noop}viewer-pw").roles("SCHEDULER_VIEWER").build(),
          User.withUsername("operator")
              .password("{noop}operator-pw")
              .roles("SCHEDULER_OPERATOR")
              .build());
    }
  }

  @RegisterExtension static final Chromium browser = new Chromium();

  @Value("${local.server.port}")
  int port;

  @Autowired PipelineScheduler scheduler;

  @BeforeEach
  void schedule() {
    if (scheduler.getSchedule("hello").isEmpty()) {
      scheduler
          .schedule("hello")
          .manual()
          .run(context -> context.appendOutput("hello from the application's port\n"));
    }
    browser.driver.manage().deleteAllCookies();
  }

  private void signInAndOpen(String user, String password) {
    browser.driver.get("http://localhost:" + port + "/login");
    browser.driver.findElement(By.id("username")).sendKeys(user);
    browser.driver.findElement(By.id("password")).sendKeys(password);
    browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
    browser.waitUntil("signed in", () -> !browser.driver.getCurrentUrl().contains("/login"));
    browser.driver.get("http://localhost:" + port + "/scheduler/");
    browser.waitUntil(
        "the schedule table is filled",
        () -> !browser.driver.findElements(By.cssSelector("#schedules tbody tr")).isEmpty());
  }

  @Test
  void an_operator_runs_a_schedule_from_the_dashboard() {
    signInAndOpen("operator", "operator-pw");
    browser.waitUntil("health is shown", () -> browser.text("health-status").equals("UP"));
    assertThat(browser.row("hello").getText()).contains("hello", "MANUAL");

    browser.click("hello", "button[data-action=run]");

    browser.waitUntil("the run succeeds", () -> browser.text("run-status").equals("SUCCEEDED"));
    assertThat(browser.text("run-output")).contains("hello from the application's port");
    assertThat(scheduler.getHistory("hello", 10)).isNotEmpty();
  }

  @Test
  void a_viewer_sees_the_schedules_but_run_now_is_refused() {
    int before = scheduler.getHistory("hello", 100).size();
    signInAndOpen("viewer", "viewer-pw");

    browser.click("hello", "button[data-action=run]");

    browser.waitUntil(
        "the refusal is shown", () -> browser.text("message").contains("SCHEDULER_OPERATOR"));
    assertThat(scheduler.getHistory("hello", 100)).hasSize(before);
  }
}
