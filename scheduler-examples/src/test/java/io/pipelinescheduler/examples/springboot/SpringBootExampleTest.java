package io.pipelinescheduler.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.http.SchedulerHttpApi;
import io.pipelinescheduler.persistence.PostgresServer;
import io.pipelinescheduler.testing.SettableClock;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.hibernate.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot example as a whole application on a random port, on the application's own SQLite
 * file and on PostgreSQL: the annotated method runs on schedule (settable clock), works on the
 * application's entities, is recorded in the application's database, and shows in Actuator's
 * health, metrics and Prometheus endpoints and in the dashboard's API under the application's port;
 * the application's JPA set-up is left as it was.
 */
class SpringBootExampleTest {
  @TempDir Path directory;

  @Test
  void runs_the_annotated_method_on_schedule_on_the_applications_sqlite_file() throws Exception {
    runsOnSchedule("--spring.datasource.url=jdbc:sqlite:" + directory.resolve("app.db"));
  }

  @Test
  void runs_the_annotated_method_on_schedule_on_the_applications_postgresql() throws Exception {
    PostgresServer server = PostgresServer.shared();
    runsOnSchedule(
        "--spring.datasource.url=" + server.newSchemaUrl("boot_example"),
        "--spring.datasource.username=" + server.user(),
        "--spring.datasource.password=" + server.password());
  }

  private void runsOnSchedule(String... database) throws Exception {
    SettableClock clock = SettableClock.at("2026-03-09T09:30:00Z");
    var application = SpringBootExample.application();
    application.addInitializers(
        context -> context.getBeanFactory().registerSingleton("clock", clock));
    String[] arguments = new String[database.length + 1];
    arguments[0] = "--server.port=0";
    System.arraycopy(database, 0, arguments, 1, database.length);

    try (ConfigurableApplicationContext context = application.run(arguments)) {
      InvoiceRepository invoices = context.getBean(InvoiceRepository.class);
      PipelineScheduler scheduler = context.getBean(PipelineScheduler.class);
      assertThat(invoices.findBySentFalse()).hasSize(3);
      assertThat(scheduler.getSchedule("send-invoices")).isPresent();

      clock.advance(Duration.ofMinutes(30)); // 10:00 UTC: the hourly slot

      assertThat(invoices.findBySentFalse()).isEmpty();
      assertThat(invoices.findAll()).hasSize(3).allMatch(Invoice::isSent);
      assertThat(succeededRuns(context.getBean(DataSource.class), "send-invoices")).isEqualTo(1);
      assertThat(entityNames(context.getBean(EntityManagerFactory.class)))
          .as("the application's persistence unit has its own entities only")
          .containsExactly("Invoice");
      assertThat(Version.getVersionString()).as("Spring Boot 4.0's Hibernate").startsWith("7.2.");

      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      HttpResponse<String> health = get(port, "/actuator/health");
      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode component =
          new ObjectMapper().readTree(health.body()).at("/components/pipelineScheduler");
      assertThat(component.at("/status").asText()).isEqualTo("UP");
      assertThat(component.at("/details/running").asBoolean()).isTrue();
      assertThat(component.at("/details/store").asText()).isIn("sqlite", "postgresql");
      HttpResponse<String> runs = get(port, "/actuator/metrics/pipeline.scheduler.runs");
      assertThat(runs.statusCode()).as(runs.body()).isEqualTo(200);
      assertThat(runs.body()).contains("\"schedule\"", "send-invoices");
      String token = context.getBean(SchedulerHttpApi.class).token();
      HttpResponse<String> page = get(port, "/scheduler/", null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<html");
      assertThat(get(port, "/scheduler/api/schedules", null).statusCode())
          .as("the API needs the token")
          .isEqualTo(401);
      HttpResponse<String> schedules = get(port, "/scheduler/api/schedules", token);
      assertThat(schedules.statusCode()).isEqualTo(200);
      assertThat(schedules.body()).contains("\"send-invoices\"", "SUCCEEDED");
      HttpResponse<String> prometheus = get(port, "/actuator/prometheus");
      assertThat(prometheus.statusCode()).isEqualTo(200);
      assertThat(prometheus.body())
          .containsPattern("pipeline_scheduler_runs_total\\{[^}]*schedule=\"send-invoices\"");
    }
  }

  private static long succeededRuns(DataSource applicationDatabase, String schedule)
      throws Exception {
    try (Connection connection = applicationDatabase.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT COUNT(*) FROM ps_runs WHERE schedule_name = '"
                    + schedule
                    + "' AND status = 'SUCCEEDED'")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static java.util.List<String> entityNames(EntityManagerFactory factory) {
    return factory.getMetamodel().getEntities().stream()
        .map(Type::getJavaType)
        .map(Class::getSimpleName)
        .toList();
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return get(port, path, null);
  }

  private static HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
