package io.pipelinescheduler.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;

/** The scheduler in /actuator/health of a real embedded server on a random port. */
@SpringBootTest(
    classes = ActuatorHealthWebTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pipeline.scheduler.persist-schedules=false",
      "management.endpoint.health.show-details=always"
    })
class ActuatorHealthWebTest {
  /** The application under test. */
  @SpringBootApplication
  static class App {}

  @Value("${local.server.port}")
  int port;

  @Test
  void health_over_http_shows_the_scheduler_up_with_details() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = JsonParserFactory.getJsonParser().parseMap(response.body());
    Map<?, ?> component = (Map<?, ?>) ((Map<?, ?>) body.get("components")).get("pipelineScheduler");
    assertThat(component.get("status")).isEqualTo("UP");
    Map<?, ?> details = (Map<?, ?>) component.get("details");
    assertThat(details.get("running")).isEqualTo(true);
    assertThat(details.get("store")).isEqualTo("memory");
  }
}
