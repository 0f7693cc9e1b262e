package io.pipelinescheduler.spring.web;

import static io.pipelinescheduler.spring.web.WebClient.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API and dashboard mounted at /scheduler of a real Spring MVC application with Spring
 * Security, on a random port, over real HTTP: the starter's filter chain with the viewer and
 * operator roles, next to Boot's default chain for the rest of the application.
 */
@SpringBootTest(
    classes = HttpMountSecurityWebTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.autoconfigure.exclude=",
      "pipeline.scheduler.persist-schedules=false",
      "pipeline.scheduler.http.max-body-bytes=1000"
    })
class HttpMountSecurityWebTest {
  static final String VIEWER = basic("viewer", "viewer-password");
  static final String OPERATOR = basic("operator", "operator-password");
  static final String OTHER = basic("other", "other-password");

  /** The application: its users, and an endpoint of its own. */
  @SpringBootApplication
  static class App {
    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("viewer")
              .password("{noop}viewer-password")
              .roles("SCHEDULER_VIEWER")
              .build(),
          User.withUsername("operator")
              .password("{noop}operator-password")
              .roles("SCHEDULER_OPERATOR")
              .build(),
          User.withUsername("other").password("{noop}other-password").roles("USER").build());
    }

    @Bean
    Hello hello() {
      return new Hello();
    }
  }

  /** An endpoint of the application, under Boot's default security. */
  @RestController
  static class Hello {
    @GetMapping("/hello")
    String hello() {
      return "hello";
    }
  }

  @Value("${local.server.port}")
  int port;

  @Autowired PipelineScheduler scheduler;

  static final AtomicInteger RUNS = new AtomicInteger();

  WebClient web;

  @BeforeEach
  void setUp() {
    web = new WebClient(port);
    if (scheduler.getSchedule("report").isEmpty()) {
      scheduler.schedule("report").manual().run(context -> RUNS.incrementAndGet());
    }
  }

  @Test
  void an_anonymous_call_gets_401_with_a_basic_challenge() {
    HttpResponse<String> response = web.get("/scheduler/api/schedules", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Basic realm=\"pipeline-scheduler\"");
    assertThat(response.body()).contains("\"error\"", "SCHEDULER_VIEWER or SCHEDULER_OPERATOR");
    assertThat(web.post("/scheduler/api/schedules/report/run", null).statusCode()).isEqualTo(401);
  }

  @Test
  void a_viewer_reads_the_schedules_but_may_not_run_one() {
    HttpResponse<String> list = web.get("/scheduler/api/schedules", VIEWER);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"name\":\"report\"");

    HttpResponse<String> run = web.post("/scheduler/api/schedules/report/run", VIEWER);

    assertThat(run.statusCode()).isEqualTo(403);
    assertThat(run.body()).contains("needs role SCHEDULER_OPERATOR");
    assertThat(scheduler.getHistory("report", 10)).isEmpty();
  }

  @Test
  void an_operator_runs_a_schedule_and_the_run_happens() {
    int before = RUNS.get();

    HttpResponse<String> run = web.post("/scheduler/api/schedules/report/run", OPERATOR);

    assertThat(run.statusCode()).isEqualTo(202);
    assertThat(run.body())
        .contains("\"scheduleName\":\"report\"", "\"url\":\"/scheduler/api/runs/");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                scheduler.getHistory("report", 10).stream()
                    .anyMatch(record -> record.status() == ExecutionStatus.SUCCEEDED));
    assertThat(RUNS.get()).isGreaterThan(before);
    String location = run.headers().firstValue("Location").orElseThrow();
    assertThat(web.get(location, VIEWER).statusCode()).isEqualTo(200);
  }

  @Test
  void a_user_without_a_scheduler_role_may_not_read() {
    assertThat(web.get("/scheduler/api/schedules", OTHER).statusCode()).isEqualTo(403);
    assertThat(web.get("/scheduler/", OTHER).statusCode()).isEqualTo(403);
  }

  @Test
  void the_dashboard_and_its_assets_load_under_the_path() {
    HttpResponse<String> bare = web.get("/scheduler", VIEWER);
    assertThat(bare.statusCode()).isEqualTo(302);
    assertThat(bare.headers().firstValue("Location").orElseThrow()).endsWith("/scheduler/");

    HttpResponse<String> page = web.get("/scheduler/", VIEWER);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'");
    assertThat(page.body())
        .contains(
            "<meta name=\"pipeline-scheduler-base\" content=\"/scheduler\">",
            "<script src=\"/scheduler/assets/app.js\" defer></script>",
            "href=\"/scheduler/assets/app.css\"");

    HttpResponse<String> script = web.get("/scheduler/assets/app.js", VIEWER);
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/javascript");
    assertThat(script.body()).contains("fetch(BASE + path");
    assertThat(web.get("/scheduler/assets/app.css", VIEWER).statusCode()).isEqualTo(200);
    assertThat(web.get("/scheduler/assets/favicon.svg", VIEWER).statusCode()).isEqualTo(200);
    assertThat(web.get("/scheduler/api/scheduler/health", VIEWER).statusCode()).isEqualTo(200);
  }

  @Test
  void the_rest_of_the_application_keeps_boots_default_security() {
    assertThat(web.get("/hello", null).statusCode()).isEqualTo(401);
    HttpResponse<String> hello = web.get("/hello", OTHER);
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("hello");
  }

  @Test
  void a_cross_origin_change_is_refused_even_for_an_operator() {
    HttpResponse<String> response =
        web.send(
            web.request("/scheduler/api/schedules/report/disable")
                .header("Authorization", OPERATOR)
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("cross-origin request from 'https://evil.example'");
    assertThat(scheduler.getSchedule("report").orElseThrow().enabled()).isTrue();
  }

  @Test
  void a_same_origin_change_from_the_dashboard_works_for_an_operator() {
    HttpResponse<String> disable =
        web.send(
            web.request("/scheduler/api/schedules/report/disable")
                .header("Authorization", OPERATOR)
                .header("Origin", "http://localhost:" + port)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(disable.statusCode()).isEqualTo(200);
    assertThat(scheduler.getSchedule("report").orElseThrow().enabled()).isFalse();
    assertThat(web.post("/scheduler/api/schedules/report/enable", OPERATOR).statusCode())
        .isEqualTo(200);
    assertThat(scheduler.getSchedule("report").orElseThrow().enabled()).isTrue();
  }

  @Test
  void an_oversized_body_gets_413_as_on_the_own_port() {
    HttpResponse<String> response =
        web.send(
            web.request("/scheduler/api/schedules")
                .header("Authorization", OPERATOR)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + " ".repeat(2000) + "]")));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body())
        .contains(
            "the request body of 2002 bytes is larger than the limit of 1000 bytes"
                + " (property pipeline.scheduler.http.max-body-bytes)");
  }
}
