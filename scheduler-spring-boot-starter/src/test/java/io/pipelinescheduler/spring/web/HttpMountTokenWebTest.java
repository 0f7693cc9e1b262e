package io.pipelinescheduler.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The API and dashboard mounted at /scheduler of a real Spring MVC application without Spring
 * Security (its auto-configuration is excluded for this module's tests), on a random port, over
 * real HTTP: the token generated at start, written to the token file, is needed for every API call,
 * reads included; the dashboard's page is served to anyone.
 */
@SpringBootTest(
    classes = HttpMountTokenWebTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pipeline.scheduler.persist-schedules=false",
      "pipeline.scheduler.http.max-body-bytes=1000"
    })
class HttpMountTokenWebTest {
  private static final Path TOKEN_FILE = tokenFile();

  /** The application. */
  @SpringBootApplication
  static class App {}

  @DynamicPropertySource
  static void tokenFile(DynamicPropertyRegistry registry) {
    registry.add("pipeline.scheduler.http.token-file", TOKEN_FILE::toString);
  }

  private static Path tokenFile() {
    try {
      return Files.createTempDirectory("http-mount-token").resolve("http.token");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Value("${local.server.port}")
  int port;

  @Autowired PipelineScheduler scheduler;

  WebClient web;
  String token;

  @BeforeEach
  void setUp() throws IOException {
    web = new WebClient(port);
    token = "Bearer " + Files.readString(TOKEN_FILE).strip();
    if (scheduler.getSchedule("report").isEmpty()) {
      scheduler.schedule("report").manual().run(context -> {});
    }
  }

  @Test
  void the_generated_token_is_in_an_owner_only_file() throws IOException {
    assertThat(token).hasSize("Bearer ".length() + 43);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(TOKEN_FILE)))
        .isEqualTo("rw-------");
  }

  @Test
  void reads_need_the_token() {
    HttpResponse<String> anonymous = web.get("/scheduler/api/schedules", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"pipeline-scheduler\"");
    assertThat(anonymous.body())
        .contains("generated its token at start", "set the property pipeline.scheduler.http.token");

    HttpResponse<String> read = web.get("/scheduler/api/schedules", token);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).contains("\"name\":\"report\"");
  }

  @Test
  void a_post_needs_the_token_and_with_it_the_run_happens() {
    assertThat(web.post("/scheduler/api/schedules/report/run", null).statusCode()).isEqualTo(401);
    assertThat(web.post("/scheduler/api/schedules/report/run", "Bearer wrong").statusCode())
        .isEqualTo(401);
    assertThat(scheduler.getHistory("report", 10)).isEmpty();

    HttpResponse<String> run = web.post("/scheduler/api/schedules/report/run", token);

    assertThat(run.statusCode()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                scheduler.getHistory("report", 10).stream()
                    .anyMatch(record -> record.status() == ExecutionStatus.SUCCEEDED));
  }

  @Test
  void the_dashboard_page_and_its_files_are_served_without_the_token() {
    HttpResponse<String> page = web.get("/scheduler/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script src=\"/scheduler/assets/app.js\" defer></script>");
    assertThat(web.get("/scheduler/assets/app.js", null).statusCode()).isEqualTo(200);
    assertThat(web.get("/scheduler/assets/app.css", null).statusCode()).isEqualTo(200);
  }

  @Test
  void an_oversized_body_gets_413_as_on_the_own_port() {
    HttpResponse<String> response =
        web.send(
            web.request("/scheduler/api/schedules")
                .header("Authorization", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + " ".repeat(2000) + "]")));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("property pipeline.scheduler.http.max-body-bytes");
  }

  @Test
  void a_name_with_an_encoded_slash_is_refused_by_the_web_server() {
    // The limit docs/spring-boot.md names: the own port accepts reports%2Fdaily, Tomcat does not.
    assertThat(web.get("/scheduler/api/schedules/reports%2Fdaily", token).statusCode())
        .isEqualTo(400);
  }
}
