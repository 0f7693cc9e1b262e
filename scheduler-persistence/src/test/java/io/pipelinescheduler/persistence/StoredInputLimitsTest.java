package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.Job;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14 item 7 on real stores: a name the stores cannot hold alike (1 MB: SQLite took it,
 * PostgreSQL failed late on {@code VARCHAR(255)}; NUL: PostgreSQL only) and an instant out of range
 * fail at the call, and nothing reaches the table. A name at the limit, in characters outside the
 * BMP, fits both.
 */
class StoredInputLimitsTest {
  private static final Instant START = Instant.parse("2026-03-09T08:00:00Z");
  private static final Job JOB = context -> {};

  @TempDir Path directory;

  /** A real store: an SQLite file or a fresh schema on a real PostgreSQL server. */
  private record Target(SchedulerConfig.Builder config, String jdbcUrl, String user, String pw) {
    Connection connect() throws SQLException {
      return DriverManager.getConnection(jdbcUrl, user, pw);
    }
  }

  private Target target(String kind) {
    SchedulerConfig.Builder config =
        SchedulerConfig.builder()
            .clock(new SettableClock(START))
            .meterRegistry(new SimpleMeterRegistry())
            .instanceId("limits")
            .shutdownGrace(Duration.ofSeconds(1));
    if (kind.equals("sqlite")) {
      Path file = directory.resolve("limits.db");
      return new Target(config.dbPath(file), "jdbc:sqlite:" + file, null, null);
    }
    PostgresServer server = PostgresServer.shared();
    String url = server.newSchemaUrl("limits");
    return new Target(
        config.dbUrl(url).dbUser(server.user()).dbPassword(server.password()),
        url,
        server.user(),
        server.password());
  }

  private static List<String> storedNames(Target target) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = target.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name FROM ps_schedules ORDER BY name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void a_one_megabyte_name_fails_at_the_call_and_nothing_is_stored(String kind) throws Exception {
    Target target = target(kind);
    try (PipelineScheduler scheduler = PipelineScheduler.create(target.config().build())) {
      scheduler.start();

      assertThatThrownBy(() -> scheduler.scheduleInterval("x".repeat(1 << 20), JOB, 0, 5, 0))
          .isInstanceOf(InvalidScheduleException.class)
          .hasMessageContaining("1048576 characters")
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));

      assertThat(scheduler.listSchedules()).isEmpty();
    }
    assertThat(storedNames(target)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void a_name_with_nul_fails_at_the_call_on_every_store_and_nothing_is_stored(String kind)
      throws Exception {
    Target target = target(kind);
    try (PipelineScheduler scheduler = PipelineScheduler.create(target.config().build())) {
      scheduler.start();

      assertThatThrownBy(() -> scheduler.schedule("nul\0byte").manual().run("t", Map.of()))
          .isInstanceOf(InvalidScheduleException.class)
          .hasMessageContaining("nul\\u0000byte");
      assertThatThrownBy(() -> scheduler.schedule("ok").manual().dependsOn("a\0b"))
          .isInstanceOf(InvalidScheduleException.class);
    }
    assertThat(storedNames(target)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void a_name_of_200_characters_outside_the_bmp_fits_every_store(String kind) throws Exception {
    Target target = target(kind);
    String longest = "\uD83D\uDCC5".repeat(200); // 200 calendar emoji: 400 UTF-16 units
    try (PipelineScheduler scheduler = PipelineScheduler.create(target.config().build())) {
      scheduler.start();

      scheduler.schedule(longest).manual().run("t", Map.of());

      assertThat(scheduler.listSchedules()).extracting(ScheduleInfo::name).containsExactly(longest);
    }
    assertThat(storedNames(target)).containsExactly(longest);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void once_at_instant_min_fails_at_the_call_and_leaves_the_store_readable(String kind)
      throws Exception {
    Target target = target(kind);
    try (PipelineScheduler scheduler = PipelineScheduler.create(target.config().build())) {
      scheduler.start();

      assertThatThrownBy(() -> scheduler.schedule("ancient").once(Instant.MIN).run("t", Map.of()))
          .isInstanceOf(InvalidScheduleException.class)
          .hasMessageContaining(Instant.MIN.toString());
      assertThatThrownBy(
              () ->
                  scheduler.importSchedules(
                      "[{\"name\": \"good\", \"definition\": {\"timing\": {\"kind\": \"manual\"},"
                          + " \"job\": {\"kind\": \"jobType\", \"jobType\": \"t\"}}},"
                          + " {\"name\": \"bad\", \"definition\": {\"timing\": {\"kind\": \"once\","
                          + " \"at\": \"1969-07-20T20:17:40Z\"}, \"job\": {\"kind\": \"jobType\","
                          + " \"jobType\": \"t\"}}}]"))
          .isInstanceOf(InvalidScheduleException.class)
          .hasMessageContaining("schedule 'bad'")
          .hasMessageContaining("1969-07-20T20:17:40Z");

      assertThat(scheduler.listSchedules()).isEmpty();
      assertThat(scheduler.getSchedule("ancient")).isEmpty();
    }
    assertThat(storedNames(target)).isEmpty();
  }
}
