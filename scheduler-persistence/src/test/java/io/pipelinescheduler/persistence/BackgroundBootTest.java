package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * On SQLite, Hibernate boots on a thread of its own while the store opens the pool and prepares the
 * schema, without asking the database anything; when the open fails, that thread ends and leaves
 * nothing open.
 */
class BackgroundBootTest {
  private static final String BOOT_THREAD = "pipeline-scheduler-hibernate-boot";

  @TempDir Path directory;

  @Test
  void hibernate_boots_on_its_own_thread_with_the_bundled_sqlite_version() {
    Logger hibernate = (Logger) LoggerFactory.getLogger("org.hibernate");
    Level before = hibernate.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    hibernate.addAppender(appender);
    hibernate.setLevel(Level.INFO);
    try (JpaScheduleStore store =
        JpaScheduleStore.open(
            SchedulerConfig.builder().dbPath(directory.resolve("boot.db")).build())) {
      assertThat(store.findSchedules()).isEmpty(); // over JDBC: does not wait for the boot
      assertThat(store.findRun("none")).isEmpty(); // run history: waits for Hibernate's boot
    } finally {
      hibernate.detachAppender(appender);
      hibernate.setLevel(before);
    }

    // Hibernate logs the database it booted for, on the thread that boots it.
    ILoggingEvent databaseInfo =
        appender.list.stream()
            .filter(event -> event.getFormattedMessage().contains("Database info"))
            .findFirst()
            .orElseThrow();
    assertThat(databaseInfo.getThreadName()).isEqualTo(BOOT_THREAD);
    assertThat(databaseInfo.getFormattedMessage()).containsPattern("Database version: 3\\.\\d+");
  }

  @Test
  void a_failed_open_names_the_file_and_leaves_no_boot_thread_running() throws Exception {
    Path file = directory.resolve("other-application.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    }

    assertThatThrownBy(() -> JpaScheduleStore.open(SchedulerConfig.builder().dbPath(file).build()))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("another application");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(thread -> thread.getName().equals(BOOT_THREAD)));
  }
}
