package io.pipelinescheduler.examples.springboot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application with the starter: JPA entities of its own ({@link Invoice}), one
 * {@code @PipelineScheduled} method ({@link InvoiceJobs}), the scheduler's schedules and history in
 * the application's own database through the application's {@code DataSource}, its health in {@code
 * /actuator/health}, its meters in {@code /actuator/metrics} and {@code /actuator/prometheus}, and
 * the REST API and dashboard of scheduler-http under the application's port at {@code /scheduler/}
 * (a generated token, in the file the log names, protects them; with Spring Security on the class
 * path roles would).
 *
 * <p>Run from the repository's root: {@code mvn -q -pl scheduler-examples -am package -DskipTests
 * exec:java -Dexec.mainClass=io.pipelinescheduler.examples.springboot.SpringBootExample}; it serves
 * until stopped (Ctrl+C). The database is a SQLite file in a new temp directory unless {@code
 * spring.datasource.url} is given; the port is 8080 unless {@code server.port} is.
 */
@SpringBootApplication
public class SpringBootExample {
  /** Starts the application; it runs until stopped (Ctrl+C), then shuts down gracefully. */
  public static void main(String[] args) throws IOException {
    application().run(args);
  }

  /** The application with the example's defaults, which properties and arguments override. */
  public static SpringApplication application() throws IOException {
    Path directory = Files.createTempDirectory("spring-boot-example");
    Path database = directory.resolve("invoices.db");
    SpringApplication application = new SpringApplication(SpringBootExample.class);
    application.setDefaultProperties(
        Map.of(
            "spring.datasource.url", "jdbc:sqlite:" + database,
            "spring.datasource.hikari.data-source-properties.busy_timeout", "5000",
            // the application and the scheduler write to one SQLite file: each transaction takes
            // the write lock when it begins, and waits for it, instead of failing on upgrade
            "spring.datasource.hikari.data-source-properties.transaction_mode", "IMMEDIATE",
            "spring.jpa.hibernate.ddl-auto", "update",
            "spring.jpa.open-in-view", "false",
            "server.shutdown", "graceful",
            // the dashboard at /scheduler/ asks for this generated token (no Spring Security here)
            "pipeline.scheduler.http.token-file", directory.resolve("dashboard.token").toString(),
            "management.endpoints.web.exposure.include", "health,metrics,prometheus",
            "management.endpoint.health.show-details", "always"));
    return application;
  }

  /** Three unsent invoices, so the first run has work. */
  @Bean
  ApplicationRunner seedInvoices(InvoiceRepository invoices) {
    return arguments -> {
      if (invoices.count() == 0) {
        invoices.saveAll(
            List.of(new Invoice("acme"), new Invoice("globex"), new Invoice("initech")));
      }
    };
  }
}
